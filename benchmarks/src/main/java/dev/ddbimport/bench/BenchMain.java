package dev.ddbimport.bench;

import dev.ddbimport.core.compress.Compression;
import dev.ddbimport.core.model.InputFormat;
import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link FormatBenchmark} (JMH options may be passed, e.g. {@code -p format=CSV -p
 * sizeMb=256}) and prints, per format and compression, the baseline and pipeline throughput and
 * their ratio — both measured in the same run, on the same input.
 */
public final class BenchMain {

    /** The ratios the format engine must reach (pipeline / baseline), per format. */
    static final Map<String, Double> TARGETS = Map.of("CSV", 0.5, "DYNAMODB_JSON", 0.35, "ION", 0.2);

    public static void main(String[] args) throws RunnerException, CommandLineOptionException, IOException {
        CommandLineOptions cli = new CommandLineOptions(args);
        OptionsBuilder builder = new OptionsBuilder();
        builder.parent(cli);
        if (cli.getIncludes().isEmpty()) {
            builder.include(FormatBenchmark.class.getSimpleName());
        }
        Options options = builder.build();
        Collection<RunResult> results = new Runner(options).run();
        report(results);
    }

    private static void report(Collection<RunResult> results) throws IOException {
        Map<String, double[]> times = new LinkedHashMap<>();
        for (RunResult r : results) {
            var params = r.getParams();
            String key =
                    params.getParam("format") + " " + params.getParam("compression") + " " + params.getParam("sizeMb");
            String method =
                    params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
            double millis = r.getPrimaryResult().getScore();
            times.computeIfAbsent(key, k -> new double[2])[method.equals("frame") ? 0 : 1] = millis;
        }
        System.out.println();
        System.out.println(
                "| format | compression | baseline MB/s | pipeline MB/s | pipeline items/s | ratio | target |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|");
        for (Map.Entry<String, double[]> e : times.entrySet()) {
            String[] k = e.getKey().split(" ");
            double[] t = e.getValue();
            BenchData.Input input =
                    BenchData.ensure(InputFormat.valueOf(k[0]), Compression.valueOf(k[1]), Integer.parseInt(k[2]));
            double mb = input.uncompressedBytes() / 1e6;
            double baseline = t[0] > 0 ? mb / (t[0] / 1000) : Double.NaN;
            double pipeline = t[1] > 0 ? mb / (t[1] / 1000) : Double.NaN;
            double itemsPerSecond = t[1] > 0 ? input.records() / (t[1] / 1000) : Double.NaN;
            double ratio = pipeline / baseline;
            double target = TARGETS.get(k[0]);
            System.out.printf(
                    "| %s | %s | %.0f | %.0f | %,.0f | %.2f | %.2f %s |%n",
                    k[0], k[1], baseline, pipeline, itemsPerSecond, ratio, target, ratio >= target ? "met" : "MISSED");
        }
        System.out.println();
        System.out.println("MB = 10^6 uncompressed bytes; one thread; ratio = pipeline MB/s / baseline MB/s.");
    }
}
