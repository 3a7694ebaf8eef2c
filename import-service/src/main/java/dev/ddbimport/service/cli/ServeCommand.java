package dev.ddbimport.service.cli;

import dev.ddbimport.service.local.ControlPlane;
import dev.ddbimport.service.local.ControlPlaneSettings;
import dev.ddbimport.service.local.LocalStack;
import dev.ddbimport.service.orchestration.DynamoDbSettings;
import dev.ddbimport.service.orchestration.S3Settings;
import dev.ddbimport.service.stack.PortInUseException;
import dev.ddbimport.service.stack.StackSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
            "  3  a part could not start, or the configuration file could not be read",
            "  5  a port is already in use"
        })
final class ServeCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--embedded", description = "Run the whole local stack in this JVM.")
    boolean embedded;

    @Option(
            names = ControlPlaneSettings.PORT_FLAG,
            defaultValue = "8000",
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
            defaultValue = "9000",
            paramLabel = "PORT",
            description = "--embedded: the S3 port (default: ${DEFAULT-VALUE}).")
    int s3Port;

    @Option(
            names = StackSettings.KAFKA_PORT_FLAG,
            defaultValue = "9092",
            paramLabel = "PORT",
            description = "--embedded: the Kafka port (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(
            names = StackSettings.KAFKA_CONTROLLER_PORT_FLAG,
            defaultValue = "9093",
            paramLabel = "PORT",
            description = "--embedded: the Kafka controller's port (default: ${DEFAULT-VALUE}).")
    int kafkaControllerPort;

    @Option(
            names = StackSettings.CONNECT_PORT_FLAG,
            defaultValue = "8083",
            paramLabel = "PORT",
            description = "--embedded: the Connect REST port (default: ${DEFAULT-VALUE}).")
    int connectPort;

    @Option(
            names = StackSettings.DYNAMODB_PORT_FLAG,
            defaultValue = "8001",
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
            description = "Without --embedded: a properties file of the options below (bootstrap-servers=...).")
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

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            AutoCloseable running = embedded ? startEmbedded(out) : startConnected(out);
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
            err.println("Cannot read " + config + ": " + e.getMessage());
            return DdbImportCli.EXIT_IO;
        } catch (RuntimeException e) {
            err.println("Could not start: " + e.getMessage());
            return DdbImportCli.EXIT_IO;
        } finally {
            err.flush();
        }
    }

    private AutoCloseable startEmbedded(PrintWriter out) {
        StackSettings settings = new StackSettings(
                        kafkaPort,
                        kafkaControllerPort,
                        connectPort,
                        s3Port,
                        dynamoDbPort,
                        dataDir,
                        s3Dir == null ? dataDir.resolve("s3") : s3Dir,
                        fresh,
                        false)
                .withFresh(fresh)
                .withPluginPath(pluginPath);
        LocalStack stack = LocalStack.start(settings, port).closeOnShutdown();
        out.println("ddbimport: the embedded stack is up.");
        out.println();
        out.print(stack.describe());
        out.println();
        out.println("Try it with the AWS CLI:");
        out.print(stack.awsCliExamples());
        return stack;
    }

    private AutoCloseable startConnected(PrintWriter out) throws IOException {
        if (config != null) {
            applyConfig(config);
        }
        if (bootstrapServers == null || connectUrl == null) {
            throw new IllegalArgumentException(
                    "Without --embedded, serve needs --bootstrap-servers and --connect-url"
                            + " (or bootstrap-servers= and connect-url= in --config); or run the whole stack here with --embedded.");
        }
        String r = region == null ? "us-east-1" : region;
        ControlPlane plane = ControlPlane.start(new ControlPlaneSettings(
                bootstrapServers,
                connectUrl,
                new S3Settings(s3Endpoint, r, s3Endpoint != null, null, null),
                new DynamoDbSettings(dynamoDbEndpoint, r, null, null),
                host,
                port,
                r,
                hostTransform ? dataDir.resolve("transform") : null,
                4));
        Runtime.getRuntime().addShutdownHook(new Thread(plane::close, "ddbimport-serve-shutdown"));
        out.printf("%-16s %s%n", "Import endpoint", plane.endpoint());
        out.printf("%-16s %s%n", "Kafka bootstrap", bootstrapServers);
        out.printf("%-16s %s%n", "Connect REST", connectUrl);
        out.printf("%-16s %s%n", "DynamoDB", dynamoDbEndpoint == null ? "AWS (" + r + ")" : dynamoDbEndpoint);
        out.printf("%-16s %s%n", "S3", s3Endpoint == null ? "AWS (" + r + ")" : s3Endpoint);
        return plane;
    }

    /** Options not given on the command line come from the file (keys: option names without dashes). */
    private void applyConfig(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        for (String key : p.stringPropertyNames()) {
            if (!java.util.Set.of(
                            "bootstrap-servers",
                            "connect-url",
                            "dynamodb-endpoint-url",
                            "s3-endpoint-url",
                            "region",
                            "port",
                            "host",
                            "data-dir")
                    .contains(key)) {
                throw new IllegalArgumentException("Unknown setting '" + key + "' in " + file);
            }
        }
        String v;
        if (bootstrapServers == null && (v = p.getProperty("bootstrap-servers")) != null) {
            bootstrapServers = v.strip();
        }
        if (connectUrl == null && (v = p.getProperty("connect-url")) != null) {
            connectUrl = URI.create(v.strip());
        }
        if (dynamoDbEndpoint == null && (v = p.getProperty("dynamodb-endpoint-url")) != null) {
            dynamoDbEndpoint = URI.create(v.strip());
        }
        if (s3Endpoint == null && (v = p.getProperty("s3-endpoint-url")) != null) {
            s3Endpoint = URI.create(v.strip());
        }
        if (region == null && (v = p.getProperty("region")) != null) {
            region = v.strip();
        }
        if ((v = p.getProperty("host")) != null
                && !spec.commandLine().getParseResult().hasMatchedOption("--host")) {
            host = v.strip();
        }
        if ((v = p.getProperty("port")) != null
                && !spec.commandLine().getParseResult().hasMatchedOption("--port")) {
            port = Integer.parseInt(v.strip());
        }
        if ((v = p.getProperty("data-dir")) != null
                && !spec.commandLine().getParseResult().hasMatchedOption("--data-dir")) {
            dataDir = Path.of(v.strip());
        }
    }

    /** Blocks until the JVM shuts down; its shutdown hooks close what runs. */
    private static void awaitShutdown(AutoCloseable running) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "ddbimport-serve-stopped"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            try {
                running.close();
            } catch (Exception ignored) {
                // already stopping
            }
        }
    }
}
