package dev.ddbimport.service.local;

import dev.ddbimport.service.endpoint.EndpointSettings;
import dev.ddbimport.service.endpoint.ImportEndpointServer;
import dev.ddbimport.service.imports.ImportServiceSettings;
import dev.ddbimport.service.orchestration.OrchestratorSettings;
import dev.ddbimport.service.orchestration.PipelineOrchestrator;
import dev.ddbimport.service.stack.PortCheck;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The import service as one piece: the orchestrator (hosting the transform when asked), the
 * DynamoDB-compatible endpoint in front of it, bound together in the order they need.
 */
public final class ControlPlane implements AutoCloseable {

    private final PipelineOrchestrator orchestrator;
    private final ImportEndpointServer server;
    private final AwsCredentialsProvider backendCredentials;
    private final ShutdownHook shutdownHook = new ShutdownHook(this::close, "ddbimport-serve-shutdown");
    private boolean closed;

    private ControlPlane(
            PipelineOrchestrator orchestrator, ImportEndpointServer server, AwsCredentialsProvider backendCredentials) {
        this.orchestrator = orchestrator;
        this.server = server;
        this.backendCredentials = backendCredentials;
    }

    /** Starts the orchestrator, then the endpoint, then resumes the registry's unfinished imports. */
    public static ControlPlane start(ControlPlaneSettings settings) {
        if (settings.port() != 0) {
            requireFree(settings.port());
        }
        OrchestratorSettings orchestration = OrchestratorSettings.of(
                        settings.bootstrapServers(),
                        settings.connectUrl(),
                        settings.s3(),
                        settings.dynamoDb(),
                        settings.transformStateDir(),
                        settings.replicationFactor(),
                        settings.kafkaClientSettings())
                .withParallelism(settings.parallelism(), settings.parallelism());
        AwsCredentialsProvider credentials = backendCredentials(settings.backendCredentials());
        PipelineOrchestrator orchestrator = null;
        try {
            requireResolvable(credentials, settings);
            orchestrator = PipelineOrchestrator.create(orchestration);
            EndpointSettings endpoint = new EndpointSettings(
                    settings.host(),
                    settings.port(),
                    settings.dynamoDb().endpoint() != null
                            ? settings.dynamoDb().endpoint()
                            : URI.create("https://dynamodb." + settings.region() + ".amazonaws.com"),
                    credentials,
                    settings.clientKeys(),
                    settings.region());
            ImportEndpointServer server = ImportEndpointServer.start(
                    settings.bootstrapServers(),
                    settings.kafkaClientSettings(),
                    settings.replicationFactor(),
                    endpoint,
                    ImportServiceSettings.defaults(),
                    orchestrator);
            orchestrator.bind(server.registry());
            return new ControlPlane(orchestrator, server, credentials);
        } catch (RuntimeException e) {
            if (orchestrator != null) {
                orchestrator.close();
            }
            closeCredentials(credentials);
            throw e;
        }
    }

    private static AwsCredentialsProvider backendCredentials(BackendCredentials choice) {
        return switch (choice) {
            case DEFAULT_CHAIN -> DefaultCredentialsProvider.builder().build();
            case PASSTHROUGH -> null;
        };
    }

    /** Fails at start, not on the first forwarded request, when the service has no AWS credentials. */
    private static void requireResolvable(AwsCredentialsProvider credentials, ControlPlaneSettings settings) {
        if (credentials == null) {
            return;
        }
        try {
            credentials.resolveCredentials();
        } catch (SdkClientException e) {
            throw new IllegalStateException(
                    "no AWS credentials to sign requests to the backing DynamoDB ("
                            + (settings.dynamoDb().endpoint() == null
                                    ? "AWS, " + settings.region()
                                    : settings.dynamoDb().endpoint().toString())
                            + ") with: " + e.getMessage() + " Give this service credentials (environment, profile,"
                            + " IAM role), or, for DynamoDB Local, use " + BackendCredentials.FLAG + " passthrough.",
                    e);
        }
    }

    private static void closeCredentials(AwsCredentialsProvider credentials) {
        // the default chain may hold a refreshing role-credentials client
        if (credentials instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // nothing left to release
            }
        }
    }

    static void requireFree(int port) {
        PortCheck.requireFree(port, "import endpoint", ControlPlaneSettings.PORT_FLAG);
    }

    /** The endpoint's address, for DynamoDB clients ({@code --endpoint-url}). */
    public URI endpoint() {
        return server.uri();
    }

    public ImportEndpointServer server() {
        return server;
    }

    /** Closes this control plane when the JVM exits (Ctrl-C, SIGTERM), unless it was closed before. */
    public synchronized ControlPlane closeOnShutdown() {
        if (!closed) {
            shutdownHook.add();
        }
        return this;
    }

    /**
     * Stops the endpoint, then the orchestrator; running imports resume at the next start. Safe to
     * call twice.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        shutdownHook.remove();
        server.close();
        orchestrator.close();
        closeCredentials(backendCredentials);
    }
}
