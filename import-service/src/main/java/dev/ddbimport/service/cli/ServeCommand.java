package dev.ddbimport.service.cli;

import dev.ddbimport.service.endpoint.AccessKey;
import dev.ddbimport.service.local.BackendCredentials;
import dev.ddbimport.service.local.ControlPlane;
import dev.ddbimport.service.local.ControlPlaneSettings;
import dev.ddbimport.service.local.KafkaClientConfig;
import dev.ddbimport.service.local.LocalStack;
import dev.ddbimport.service.orchestration.DynamoDbSettings;
import dev.ddbimport.service.orchestration.OrchestratorSettings;
import dev.ddbimport.service.orchestration.S3Settings;
import dev.ddbimport.service.stack.PortInUseException;
import dev.ddbimport.service.stack.StackSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ddbimport serve}: runs the import endpoint (and with --embedded, the whole local stack) until stopped. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the DynamoDB-compatible import endpoint until Ctrl-C. With --embedded, also runs the whole"
                    + " pipeline in this JVM: Kafka, Kafka Connect with both connectors, the transform, S3 over a"
                    + " folder (each sub-folder a bucket) and DynamoDB Local, and prints their addresses and AWS CLI"
                    + " commands to paste. Without it, uses the Kafka, Connect, S3 and DynamoDB given by options or"
                    + " by --config (a properties file whose keys are these options' names without the dashes).",
            ""
        },
        footerHeading = "%nExit status:%n",
        footer = {
            "  0  stopped (Ctrl-C / SIGTERM)",
            "  2  invalid options or configuration",
            "  3  a part could not start, or a file named by an option could not be read",
            "  5  a port is already in use"
        })
final class ServeCommand implements Callable<Integer> {

    static final String PARALLELISM_FLAG = "--parallelism";
    static final String REPLICATION_FACTOR_FLAG = "--replication-factor";
    static final String ACCESS_KEY_ID_FLAG = "--access-key-id";
    static final String SECRET_FILE_FLAG = "--secret-access-key-file";
    static final String SECRET_ENV = "DDBIMPORT_SECRET_ACCESS_KEY";
    /** Far above any sensible value; catches a typo before it creates thousands of partitions. */
    static final int MAX_PARALLELISM = 10_000;

    /** Sets one option from its --config value; {@code file} is the config file, for messages and relative paths. */
    @FunctionalInterface
    private interface ConfigSetting {
        void apply(ServeCommand command, String key, String value, Path file);
    }

    /** The keys of a --config file (the options' names without the dashes), each with the option it sets. */
    private static final Map<String, ConfigSetting> CONFIG_SETTINGS = configSettings();

    private static Map<String, ConfigSetting> configSettings() {
        Map<String, ConfigSetting> settings = new LinkedHashMap<>();
        settings.put("bootstrap-servers", (c, k, v, f) -> c.bootstrapServers = v);
        settings.put("connect-url", (c, k, v, f) -> c.connectUrl = url(v, k, f));
        settings.put("dynamodb-endpoint-url", (c, k, v, f) -> c.dynamoDbEndpoint = url(v, k, f));
        settings.put("s3-endpoint-url", (c, k, v, f) -> c.s3Endpoint = url(v, k, f));
        settings.put("region", (c, k, v, f) -> c.region = v);
        settings.put("port", (c, k, v, f) -> c.port = wholeNumber(v, k, f));
        settings.put("host", (c, k, v, f) -> c.host = v);
        settings.put("data-dir", (c, k, v, f) -> c.dataDir = Path.of(v));
        settings.put("parallelism", (c, k, v, f) -> c.parallelism = wholeNumber(v, k, f));
        settings.put("replication-factor", (c, k, v, f) -> c.replicationFactor = wholeNumber(v, k, f));
        settings.put("kafka-config", (c, k, v, f) -> c.kafkaConfig = relativeTo(f, v));
        settings.put("access-key-id", (c, k, v, f) -> c.accessKeyId = v);
        settings.put("secret-access-key-file", (c, k, v, f) -> c.secretAccessKeyFile = relativeTo(f, v));
        settings.put("backend-credentials", (c, k, v, f) -> c.backendCredentials = v);
        return Collections.unmodifiableMap(settings);
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--embedded", description = "Run the whole local stack in this JVM.")
    boolean embedded;

    @Option(
            names = ControlPlaneSettings.PORT_FLAG,
            defaultValue = "" + ControlPlaneSettings.DEFAULT_PORT,
            paramLabel = "PORT",
            description = "The import endpoint's port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--host",
            defaultValue = "127.0.0.1",
            paramLabel = "ADDRESS",
            description = "The address the endpoint listens on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(
            names = StackSettings.S3_PORT_FLAG,
            defaultValue = "" + StackSettings.DEFAULT_S3_PORT,
            paramLabel = "PORT",
            description = "--embedded: the S3 port (default: ${DEFAULT-VALUE}).")
    int s3Port;

    @Option(
            names = StackSettings.KAFKA_PORT_FLAG,
            defaultValue = "" + StackSettings.DEFAULT_KAFKA_PORT,
            paramLabel = "PORT",
            description = "--embedded: the Kafka port (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(
            names = StackSettings.KAFKA_CONTROLLER_PORT_FLAG,
            defaultValue = "" + StackSettings.DEFAULT_KAFKA_CONTROLLER_PORT,
            paramLabel = "PORT",
            description = "--embedded: the Kafka controller's port (default: ${DEFAULT-VALUE}).")
    int kafkaControllerPort;

    @Option(
            names = StackSettings.CONNECT_PORT_FLAG,
            defaultValue = "" + StackSettings.DEFAULT_CONNECT_PORT,
            paramLabel = "PORT",
            description = "--embedded: the Connect REST port (default: ${DEFAULT-VALUE}).")
    int connectPort;

    @Option(
            names = StackSettings.DYNAMODB_PORT_FLAG,
            defaultValue = "" + StackSettings.DEFAULT_DYNAMODB_PORT,
            paramLabel = "PORT",
            description = "--embedded: DynamoDB Local's own port, behind the endpoint (default: ${DEFAULT-VALUE}).")
    int dynamoDbPort;

    @Option(
            names = "--data-dir",
            defaultValue = "ddbimport-data",
            paramLabel = "DIR",
            description = "The stack's state (Kafka's log, DynamoDB Local's tables, the transform's state), kept"
                    + " between runs (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(
            names = "--s3-dir",
            paramLabel = "DIR",
            description = "--embedded: the folder served as S3; each sub-folder is a bucket (default: DATA_DIR/s3).")
    Path s3Dir;

    @Option(
            names = "--fresh",
            description = "--embedded: wipe Kafka's and DynamoDB's state first (never the S3 folder).")
    boolean fresh;

    @Option(
            names = StackSettings.PLUGIN_PATH_FLAG,
            paramLabel = "DIR",
            description = "--embedded: Connect also loads the plugins unzipped into DIR (its plugin.path), each in"
                    + " its own class loader; the connectors in this jar stay on the classpath and serve their"
                    + " class names.")
    Path pluginPath;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Without --embedded: a properties file of the options below, named without the dashes"
                    + " (bootstrap-servers=..., parallelism=..., kafka-config=FILE); files it names are relative to"
                    + " its folder. Options on the command line win.")
    Path config;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT,...", description = "Without --embedded: Kafka.")
    String bootstrapServers;

    @Option(names = "--connect-url", paramLabel = "URL", description = "Without --embedded: Connect's REST API.")
    URI connectUrl;

    @Option(
            names = "--dynamodb-endpoint-url",
            paramLabel = "URL",
            description = "Without --embedded: the DynamoDB the tables are created in (default: AWS's, by region).")
    URI dynamoDbEndpoint;

    @Option(
            names = "--s3-endpoint-url",
            paramLabel = "URL",
            description = "Without --embedded: an S3-compatible endpoint (default: AWS S3), path-style.")
    URI s3Endpoint;

    @Option(
            names = "--region",
            paramLabel = "REGION",
            description = "The region of the endpoint's ARNs, DynamoDB and S3 (default: us-east-1).")
    String region;

    @Option(
            names = "--transform",
            defaultValue = "true",
            negatable = true,
            fallbackValue = "true",
            description = "Without --embedded: host the transform in this JVM (default); --no-transform when"
                    + " stream-transform instances run elsewhere.")
    boolean hostTransform;

    @Option(
            names = PARALLELISM_FLAG,
            paramLabel = "N",
            description = "Without --embedded: partitions of each import's chunks and items topics, and the source"
                    + " and sink connectors' tasks.max (default: " + OrchestratorSettings.DEFAULT_PARALLELISM
                    + "). Raise it with the Connect workers' and transform instances' cores.")
    Integer parallelism;

    @Option(
            names = REPLICATION_FACTOR_FLAG,
            paramLabel = "N",
            description = "Without --embedded: replication factor of each import's topics, and of the registry"
                    + " topic ddbimport.imports when the service creates it (default: the brokers'"
                    + " default.replication.factor).")
    Integer replicationFactor;

    @Option(
            names = KafkaClientConfig.FLAG,
            paramLabel = "FILE",
            description = "Without --embedded: Kafka client properties (security.protocol, sasl.*, ssl.*...) for every"
                    + " Kafka client of the service and the hosted transform, and the source connector's own"
                    + " (as kafka.client.*). The service never logs its values, but copies them into each source"
                    + " connector's config, which Connect stores and returns in plain text: it warns at start of"
                    + " each password given literally rather than as a $${file:...} reference.")
    Path kafkaConfig;

    @Option(
            names = ACCESS_KEY_ID_FLAG,
            paramLabel = "ID",
            description = "Without --embedded: clients must sign requests (AWS Signature V4) with this access key"
                    + " id and the secret from " + SECRET_FILE_FLAG + " or $" + SECRET_ENV + ". Without it the"
                    + " endpoint checks no signature.")
    String accessKeyId;

    @Option(
            names = SECRET_FILE_FLAG,
            paramLabel = "FILE",
            description = "The secret access key of " + ACCESS_KEY_ID_FLAG + ", the file's first line (never on the"
                    + " command line, where ps shows it).")
    Path secretAccessKeyFile;

    @Option(
            names = BackendCredentials.FLAG,
            paramLabel = "default-chain|passthrough",
            description = "Without --embedded: what the endpoint signs with towards the backing DynamoDB."
                    + " default-chain: this service's AWS credentials (environment, profile, IAM role), forwarded"
                    + " requests re-signed with them; passthrough: the client's own signature (DynamoDB Local)."
                    + " Default: passthrough when --dynamodb-endpoint-url is set and not under amazonaws.com,"
                    + " otherwise default-chain.")
    String backendCredentials;

    /** The environment, where the client secret may come from; a field so that tests can set it. */
    Map<String, String> environment = System.getenv();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            AutoCloseable running = embedded ? startEmbedded(out) : startConnected(out, err);
            out.println();
            out.println("Serving. Ctrl-C stops it.");
            out.flush();
            awaitShutdown(running);
            return DdbImportCli.EXIT_OK;
        } catch (PortInUseException e) {
            err.println(e.getMessage());
            return DdbImportCli.EXIT_PORT_IN_USE;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return DdbImportCli.EXIT_USAGE;
        } catch (IOException e) {
            err.println(e.getMessage());
            return DdbImportCli.EXIT_IO;
        } catch (RuntimeException e) {
            err.println("Could not start: " + e.getMessage());
            return DdbImportCli.EXIT_IO;
        } finally {
            err.flush();
        }
    }

    private LocalStack startEmbedded(PrintWriter out) {
        refuseConnectedOnlyOptions();
        StackSettings settings = new StackSettings(
                kafkaPort,
                kafkaControllerPort,
                connectPort,
                s3Port,
                dynamoDbPort,
                dataDir,
                s3Dir == null ? dataDir.resolve("s3") : s3Dir,
                fresh,
                false,
                pluginPath);
        LocalStack stack = LocalStack.start(settings, port).closeOnShutdown();
        out.println("ddbimport: the embedded stack is up.");
        out.println();
        out.print(stack.describe());
        out.println();
        out.println("Try it with the AWS CLI:");
        out.print(stack.awsCliExamples());
        return stack;
    }

    /** The embedded stack keeps its fixed local wiring; these options are for a cluster of one's own. */
    private void refuseConnectedOnlyOptions() {
        refuseGiven(
                List.of(
                        PARALLELISM_FLAG,
                        REPLICATION_FACTOR_FLAG,
                        KafkaClientConfig.FLAG,
                        ACCESS_KEY_ID_FLAG,
                        SECRET_FILE_FLAG,
                        BackendCredentials.FLAG),
                "applies without --embedded only: the embedded stack runs one local broker and an open endpoint in"
                        + " front of DynamoDB Local.");
    }

    /** Without --embedded nothing local is started: the options that shape the local stack have nothing to do. */
    private void refuseEmbeddedOnlyOptions() {
        refuseGiven(
                List.of(
                        StackSettings.S3_PORT_FLAG,
                        StackSettings.KAFKA_PORT_FLAG,
                        StackSettings.KAFKA_CONTROLLER_PORT_FLAG,
                        StackSettings.CONNECT_PORT_FLAG,
                        StackSettings.DYNAMODB_PORT_FLAG,
                        "--s3-dir",
                        "--fresh"),
                "applies with --embedded only: without it, the service uses your own Kafka, Connect, S3 and DynamoDB"
                        + " (--bootstrap-servers, --connect-url, --s3-endpoint-url, --dynamodb-endpoint-url) and"
                        + " starts none of them.");
        refuseGiven(
                List.of(StackSettings.PLUGIN_PATH_FLAG),
                "applies with --embedded only: without it, Connect is your own cluster, whose workers load the plugin"
                        + " archives from their own plugin.path.");
    }

    /** Refuses the first of {@code flags} given on the command line: "{@code <flag> <why>}". */
    private void refuseGiven(List<String> flags, String why) {
        for (String flag : flags) {
            if (given(flag)) {
                throw new IllegalArgumentException(flag + " " + why);
            }
        }
    }

    private ControlPlane startConnected(PrintWriter out, PrintWriter err) throws IOException {
        refuseEmbeddedOnlyOptions();
        ControlPlaneSettings settings = connectedSettings();
        List<String> literalSecrets = KafkaClientConfig.literalSecretKeys(settings.kafkaClientSettings());
        if (!literalSecrets.isEmpty()) {
            err.println(literalSecretsWarning(kafkaConfig, literalSecrets));
            err.flush();
        }
        ControlPlane plane = ControlPlane.start(settings).closeOnShutdown();
        String r = settings.region();
        out.printf("%-16s %s%n", "Import endpoint", plane.endpoint());
        out.printf(
                "%-16s %s%n",
                "Client auth",
                settings.clientKeys().isEmpty()
                        ? "none: the endpoint checks no signature (keep it on a private network)"
                        : "AWS Signature V4, access key id " + accessKeyId);
        out.printf("%-16s %s%n", "Kafka bootstrap", bootstrapServers);
        if (kafkaConfig != null) {
            // the path only: the file may hold passwords
            out.printf("%-16s %s%n", "Kafka settings", kafkaConfig.toAbsolutePath());
        }
        out.printf("%-16s %s%n", "Connect REST", connectUrl);
        out.printf(
                "%-16s %s (%s)%n",
                "DynamoDB",
                dynamoDbEndpoint == null ? "AWS (" + r + ")" : dynamoDbEndpoint,
                settings.backendCredentials() == BackendCredentials.DEFAULT_CHAIN
                        ? "signed with this service's AWS credentials"
                        : "the client's signature passed through");
        out.printf("%-16s %s%n", "S3", s3Endpoint == null ? "AWS (" + r + ")" : s3Endpoint);
        out.printf(
                "%-16s %d partitions and tasks per import, replication factor %s%n",
                "Imports",
                settings.parallelism(),
                settings.replicationFactor() == OrchestratorSettings.BROKER_DEFAULT_REPLICATION
                        ? "the brokers' default"
                        : Short.toString(settings.replicationFactor()));
        return plane;
    }

    /**
     * The settings from the options and --config, every value checked before anything starts, so a
     * bad one costs no connection attempt.
     */
    ControlPlaneSettings connectedSettings() throws IOException {
        if (config != null) {
            applyConfig(config);
        }
        if (bootstrapServers == null || connectUrl == null) {
            throw new IllegalArgumentException(
                    "Without --embedded, serve needs --bootstrap-servers and --connect-url"
                            + " (or bootstrap-servers= and connect-url= in --config); or run the whole stack here with --embedded.");
        }
        int partitions = parallelism == null ? OrchestratorSettings.DEFAULT_PARALLELISM : parallelism;
        if (partitions < 1 || partitions > MAX_PARALLELISM) {
            throw new IllegalArgumentException("Invalid value " + partitions + " for " + PARALLELISM_FLAG
                    + ": expected 1 to " + MAX_PARALLELISM + " (partitions and tasks per import)");
        }
        if (replicationFactor != null && (replicationFactor < 1 || replicationFactor > Short.MAX_VALUE)) {
            throw new IllegalArgumentException("Invalid value " + replicationFactor + " for " + REPLICATION_FACTOR_FLAG
                    + ": expected at least 1 (no more than your brokers); leave it out for the brokers' default");
        }
        List<AccessKey> clientKeys = clientKeys();
        BackendCredentials backend = backendCredentials == null
                ? BackendCredentials.defaultFor(dynamoDbEndpoint)
                : BackendCredentials.parse(backendCredentials);
        Map<String, String> kafka = kafkaConfig == null ? Map.of() : readKafkaConfig(kafkaConfig);
        String r = region == null ? "us-east-1" : region;
        return new ControlPlaneSettings(
                bootstrapServers,
                connectUrl,
                new S3Settings(s3Endpoint, r, s3Endpoint != null, null, null),
                new DynamoDbSettings(dynamoDbEndpoint, r, null, null),
                host,
                port,
                r,
                hostTransform ? dataDir.resolve("transform") : null,
                partitions,
                replicationFactor == null
                        ? OrchestratorSettings.BROKER_DEFAULT_REPLICATION
                        : replicationFactor.shortValue(),
                kafka,
                clientKeys,
                backend);
    }

    /** Names the keys only: the values are the secrets this warns about. */
    private static String literalSecretsWarning(Path kafkaConfigFile, List<String> keys) {
        return "Warning: " + KafkaClientConfig.FLAG + " " + kafkaConfigFile.toAbsolutePath() + " gives "
                + String.join(", ", keys) + " literally. The service copies every setting of that file into each"
                + " source connector's config (as kafka.client.<key>), where Connect's config topic stores it and"
                + " its REST API returns it in plain text. Give each as a config provider reference instead, e.g."
                + " password=\"${file:/etc/ddbimport/secrets/kafka.properties:password}\" inside sasl.jaas.config,"
                + " with config.providers=file in that file and in every Connect worker's config; see"
                + " docs/operations.md, \"Secrets in connector configs\".";
    }

    private static Map<String, String> readKafkaConfig(Path file) throws IOException {
        try {
            return KafkaClientConfig.read(file);
        } catch (IOException e) {
            throw new IOException("Cannot read " + KafkaClientConfig.FLAG + " " + file + ": " + e, e);
        }
    }

    private List<AccessKey> clientKeys() throws IOException {
        if (accessKeyId == null) {
            if (secretAccessKeyFile != null) {
                throw new IllegalArgumentException(SECRET_FILE_FLAG + " needs " + ACCESS_KEY_ID_FLAG
                        + ": give the access key id clients sign with.");
            }
            return List.of();
        }
        String secret = clientSecret(accessKeyId, secretAccessKeyFile, environment);
        try {
            return List.of(new AccessKey(accessKeyId, secret));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid " + ACCESS_KEY_ID_FLAG + ": " + e.getMessage(), e);
        }
    }

    /** The client secret: the file's first line, else the environment variable; never an option's value. */
    static String clientSecret(String accessKeyId, Path file, Map<String, String> environment) throws IOException {
        String secret;
        String from;
        if (file != null) {
            from = SECRET_FILE_FLAG + " " + file;
            try {
                secret = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                        .findFirst()
                        .orElse("");
            } catch (IOException e) {
                throw new IOException("Cannot read " + from + ": " + e, e);
            }
        } else {
            from = "$" + SECRET_ENV;
            secret = environment.get(SECRET_ENV);
            if (secret == null) {
                throw new IllegalArgumentException(ACCESS_KEY_ID_FLAG + " " + accessKeyId + " needs its secret access"
                        + " key: put it in a file given with " + SECRET_FILE_FLAG + ", or in the environment variable "
                        + SECRET_ENV + " (never on the command line, where ps shows it).");
            }
        }
        secret = secret.strip();
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("The secret access key in " + from + " is empty.");
        }
        return secret;
    }

    /** Options not given on the command line come from the file (keys: option names without dashes). */
    private void applyConfig(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new IOException("Cannot read --config " + file + ": " + e, e);
        }
        for (String key : p.stringPropertyNames()) {
            if (!CONFIG_SETTINGS.containsKey(key)) {
                throw new IllegalArgumentException("Unknown setting '" + key + "' in " + file + "; known: "
                        + String.join(", ", CONFIG_SETTINGS.keySet())
                        + (key.contains("secret") ? " (a secret goes in a file named by secret-access-key-file)" : ""));
            }
        }
        CONFIG_SETTINGS.forEach(
                (key, setting) -> fromFile(p, key).ifPresent(value -> setting.apply(this, key, value, file)));
    }

    /** The file's value for {@code key} (stripped), unless its option --key was given on the command line. */
    private Optional<String> fromFile(Properties p, String key) {
        String value = p.getProperty(key);
        return value == null || given("--" + key) ? Optional.empty() : Optional.of(value.strip());
    }

    private boolean given(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    private static int wholeNumber(String value, String key, Path file) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "Invalid value '" + value.strip() + "' for " + key + " in " + file + ": expected a whole number");
        }
    }

    private static URI url(String value, String key, Path file) {
        try {
            return new URI(value.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    "Invalid value '" + value.strip() + "' for " + key + " in " + file + ": " + e.getMessage());
        }
    }

    /** A file named in the config file: relative to the config file's folder, as people expect. */
    private static Path relativeTo(Path configFile, String value) {
        Path named = Path.of(value.strip());
        Path folder = configFile.toAbsolutePath().getParent();
        return named.isAbsolute() || folder == null ? named : folder.resolve(named);
    }

    /**
     * Blocks until the JVM shuts down (its shutdown hooks close what runs) or, when run in-process,
     * until this thread is interrupted: then it closes what runs itself.
     */
    private static void awaitShutdown(AutoCloseable running) {
        CountDownLatch stopped = new CountDownLatch(1);
        Thread stoppedHook = new Thread(stopped::countDown, "ddbimport-serve-stopped");
        Runtime.getRuntime().addShutdownHook(stoppedHook);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            try {
                Runtime.getRuntime().removeShutdownHook(stoppedHook);
            } catch (IllegalStateException shuttingDown) {
                return; // the hooks run anyway
            }
            try {
                running.close(); // removes its own shutdown hook
            } catch (Exception ignored) {
                // already stopping
            }
            Thread.currentThread().interrupt();
        }
    }
}
