package dev.ddbimport.transform;

import dev.ddbimport.core.model.ImportDefinition;
import dev.ddbimport.core.model.ModelJson;
import dev.ddbimport.core.pipeline.ImportTopics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The standalone transform: {@code java -jar stream-transform.jar --bootstrap-servers host:port} for
 * every import in the registry, or {@code --import FILE} for one import run by hand.
 */
@Command(
        name = "stream-transform",
        mixinStandardHelpOptions = true,
        versionProvider = StreamTransformMain.Version.class,
        description = {
            "Runs the ddbimport transform (parse, validate, dead-letter, last write wins) for every import the"
                    + " registry topic ddbimport.imports lists as IN_PROGRESS, or, with --import, for the one"
                    + " import a definition file describes (the pipeline run by hand).",
            "Start as many instances as you like against one cluster: they share each import's work."
        },
        footerHeading = "%nExit status:%n",
        footer = {
            "  2    invalid command line or files",
            "  143  stopped by SIGTERM after a clean shutdown (130 for SIGINT)"
        })
public final class StreamTransformMain implements Callable<Integer> {

    static final String BOOTSTRAP_SERVERS = "bootstrap.servers";

    public static final int EXIT_OK = 0;
    public static final int EXIT_USAGE = 2;
    /** What the JVM exits with when SIGTERM stopped it, after the shutdown hook ran. */
    public static final int EXIT_SIGTERM = 143;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "host:port[,host:port...]",
            description = "Kafka brokers to connect to; required unless --properties gives bootstrap.servers.")
    String bootstrapServers;

    @Option(
            names = "--properties",
            paramLabel = "FILE",
            description = {
                "Kafka Streams settings (a .properties file) for every import: bootstrap.servers, security,"
                        + " tuning. --bootstrap-servers and --config override its entries."
            })
    Path propertiesFile;

    @Option(
            names = "--import",
            paramLabel = "FILE",
            description = {
                "Run only the import this definition (ImportDefinition JSON: ImportArn, ImportId, S3BucketSource,"
                        + " InputFormat, InputFormatOptions, InputCompressionType, TableCreationParameters)"
                        + " describes, without the registry, creating its topics first when they are missing."
            })
    Path importFile;

    @Option(
            names = "--partitions",
            paramLabel = "N",
            defaultValue = "4",
            description = "With --import: partitions of the chunks, items and errors topics it creates (default:"
                    + " ${DEFAULT-VALUE}).")
    int partitions;

    @Option(
            names = "--replication-factor",
            paramLabel = "N",
            defaultValue = "-1",
            description = "With --import: replication factor of the topics it creates; -1 for the broker's default"
                    + " (default: ${DEFAULT-VALUE}).")
    short replicationFactor;

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
        Map<String, String> overrides = new LinkedHashMap<>(fileProperties());
        String brokers = bootstrapServers != null ? bootstrapServers : overrides.get(BOOTSTRAP_SERVERS);
        if (brokers == null || brokers.isBlank()) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "Missing the Kafka brokers: give --bootstrap-servers, or bootstrap.servers in --properties");
        }
        overrides.remove(BOOTSTRAP_SERVERS);
        overrides.putAll(config);
        try {
            return StreamTransformSettings.of(brokers, stateDir)
                    .withThreadsPerImport(threads)
                    .withClientOverrides(overrides)
                    .withMeterRegistry(registry);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid option: " + e.getMessage(), e);
        }
    }

    /** The entries of {@code --properties}, none without it. */
    Map<String, String> fileProperties() {
        if (propertiesFile == null) {
            return Map.of();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(propertiesFile, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "Cannot read --properties " + propertiesFile + ": " + e.getMessage(), e);
        }
        Map<String, String> entries = new LinkedHashMap<>();
        for (String name : new TreeSet<>(p.stringPropertyNames())) {
            entries.put(name, p.getProperty(name).strip());
        }
        return entries;
    }

    /** The definition given by {@code --import}. */
    ImportDefinition importDefinition() {
        try {
            ImportDefinition definition = ModelJson.read(Files.readAllBytes(importFile), ImportDefinition.class);
            TransformProperties.applicationId(definition); // the id must name topics
            return definition;
        } catch (IOException | RuntimeException e) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "Cannot read the import definition --import " + importFile + ": " + e.getMessage()
                            + " (it is ImportDefinition JSON, as in deploy/connectors/import.json)",
                    e);
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

        ImportDefinition definition = importFile == null ? null : importDefinition();
        if (partitions < 1) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--partitions must be at least 1, got " + partitions);
        }
        AutoCloseable app;
        Supplier<TransformHealth> health;
        String what;
        if (definition == null) {
            StreamTransformApp registryApp = StreamTransformApp.start(settings);
            app = registryApp;
            health = registryApp::health;
            what = "imports from " + ImportTopics.REGISTRY_TOPIC;
        } else {
            Optional<Short> rf = replicationFactor < 1 ? Optional.empty() : Optional.of(replicationFactor);
            StandaloneImport one = StandaloneImport.start(definition, settings, partitions, rf);
            app = one;
            health = one::health;
            what = "import " + one.importId() + " from " + importFile;
        }
        TransformHttpServer http;
        try {
            http = TransformHttpServer.start(httpPort, health, registry);
        } catch (java.io.IOException e) {
            app.close();
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "Cannot serve /health and /metrics on port " + httpPort + ": " + e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                "stream-transform: %s, brokers %s, state in %s, /health and /metrics on port %d%n",
                what, settings.bootstrapServers(), settings.stateDir(), http.port());
        out.flush();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            // commit and leave the groups so the other instances take over at once
                            http.close();
                            try {
                                app.close();
                            } catch (Exception e) {
                                // on the way down: Kafka Streams logged what went wrong
                            }
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
