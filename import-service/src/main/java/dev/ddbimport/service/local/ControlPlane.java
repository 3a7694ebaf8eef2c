package dev.ddbimport.service.local;

import dev.ddbimport.service.endpoint.EndpointSettings;
import dev.ddbimport.service.endpoint.ImportEndpointServer;
import dev.ddbimport.service.imports.ImportServiceSettings;
import dev.ddbimport.service.orchestration.OrchestratorSettings;
import dev.ddbimport.service.orchestration.PipelineOrchestrator;
import dev.ddbimport.service.stack.PortCheck;
import java.net.URI;
import java.util.Optional;
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
        OrchestratorSettings orchestration = OrchestratorSettings.local(
                        settings.bootstrapServers(),
                        settings.connectUrl(),
                        settings.s3(),
                        settings.dynamoDb(),
                        settings.transformStateDir())
                .withParallelism(settings.parallelism(), settings.parallelism())
                .withReplicationFactor(settings.replicationFactor())
                .withKafkaClientSettings(settings.kafkaClientSettings());
        AwsCredentialsProvider credentials = backendCredentials(settings.backendCredentials());
        requireResolvable(credentials, settings);
        PipelineOrchestrator orchestrator;
        try {
            orchestrator = PipelineOrchestrator.create(orchestration);
        } catch (RuntimeException e) {
            closeCredentials(credentials);
            throw e;
        }
        try {
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
                    settings.replicationFactor() == OrchestratorSettings.BROKER_DEFAULT_REPLICATION
                            ? Optional.empty()
                            : Optional.of(settings.replicationFactor()),
                    endpoint,
                    ImportServiceSettings.defaults(),
                    orchestrator);
            orchestrator.bind(server.registry());
            return new ControlPlane(orchestrator, server, credentials);
        } catch (RuntimeException e) {
            orchestrator.close();
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
            closeCredentials(credentials);
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

    /** Stops the endpoint, then the orchestrator; running imports resume at the next start. */
    @Override
    public void close() {
        server.close();
        orchestrator.close();
        closeCredentials(backendCredentials);
    }
}
