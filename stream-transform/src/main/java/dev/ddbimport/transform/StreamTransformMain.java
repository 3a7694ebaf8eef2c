package dev.ddbimport.transform;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The standalone transform: {@code java -jar stream-transform.jar --bootstrap-servers host:port}. */
@Command(
        name = "stream-transform",
        mixinStandardHelpOptions = true,
        versionProvider = StreamTransformMain.Version.class,
        description = {
            "Runs the ddbimport transform (parse, validate, dead-letter, last write wins) for every import the"
                    + " registry topic ddbimport.imports lists as IN_PROGRESS.",
            "Start as many instances as you like against one cluster: they share each import's work."
        },
        footerHeading = "%nExit status:%n",
        footer = {"  2    invalid command line", "  143  stopped by SIGTERM after a clean shutdown (130 for SIGINT)"})
public final class StreamTransformMain implements Callable<Integer> {

    public static final int EXIT_OK = 0;
    public static final int EXIT_USAGE = 2;
    /** What the JVM exits with when SIGTERM stopped it, after the shutdown hook ran. */
    public static final int EXIT_SIGTERM = 143;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--bootstrap-servers",
            required = true,
            paramLabel = "host:port[,host:port...]",
            description = "Kafka brokers to connect to.")
    String bootstrapServers;

    @Option(
            names = "--state-dir",
            paramLabel = "DIR",
            defaultValue = "${sys:java.io.tmpdir}/ddbimport-transform",
            description = "Root of the local state stores; keep it on a persistent disk (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(
            names = "--threads",
            paramLabel = "N",
            defaultValue = "1",
            description = "Stream threads per import on this instance (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(
            names = "--http-port",
            paramLabel = "PORT",
            defaultValue = "8080",
            description = "Port of /health and /metrics; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(
            names = "--config",
            paramLabel = "KEY=VALUE",
            description = {
                "A Kafka Streams setting for every import, applied last (repeatable), e.g. commit.interval.ms=200.",
                "Client settings such as security.protocol also apply to the registry reader and the admin client."
            })
    Map<String, String> config = new LinkedHashMap<>();

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and the tests. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new StreamTransformMain());
        cli.setExitCodeExceptionMapper(e -> EXIT_USAGE);
        return cli;
    }

    /**
     * The app's settings from the parsed options.
     *
     * @throws CommandLine.ParameterException when an option is out of range
     */
    StreamTransformSettings settings(MeterRegistry registry) {
        if (httpPort < 0 || httpPort > 65535) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--http-port must be between 0 and 65535, got " + httpPort);
        }
        try {
            return StreamTransformSettings.of(bootstrapServers, stateDir)
                    .withThreadsPerImport(threads)
                    .withClientOverrides(config)
                    .withMeterRegistry(registry);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid option: " + e.getMessage(), e);
        }
    }

    @Override
    public Integer call() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        StreamTransformSettings settings = settings(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);

        StreamTransformApp app = StreamTransformApp.start(settings);
        TransformHttpServer http;
        try {
            http = TransformHttpServer.start(httpPort, app::health, registry);
        } catch (java.io.IOException e) {
            app.close();
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "Cannot serve /health and /metrics on port " + httpPort + ": " + e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                "stream-transform: brokers %s, state in %s, /health and /metrics on port %d%n",
                settings.bootstrapServers(), settings.stateDir(), http.port());
        out.flush();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            // commit and leave the groups so the other instances take over at once
                            http.close();
                            app.close();
                            stopped.countDown();
                        },
                        "ddbimport-transform-shutdown"));
        stopped.await();
        return EXIT_OK;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = StreamTransformMain.class.getPackage().getImplementationVersion();
            return new String[] {"stream-transform " + (v == null ? "(development build)" : v)};
        }
    }
}
