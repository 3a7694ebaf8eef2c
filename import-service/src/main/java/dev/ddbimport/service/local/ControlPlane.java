package dev.ddbimport.service.local;

import dev.ddbimport.service.endpoint.EndpointSettings;
import dev.ddbimport.service.endpoint.ImportEndpointServer;
import dev.ddbimport.service.imports.ImportServiceSettings;
import dev.ddbimport.service.orchestration.OrchestratorSettings;
import dev.ddbimport.service.orchestration.PipelineOrchestrator;
import dev.ddbimport.service.stack.PortCheck;
import java.net.URI;
import java.util.List;

/**
 * The import service as one piece: the orchestrator (hosting the transform when asked), the
 * DynamoDB-compatible endpoint in front of it, bound together in the order they need.
 */
public final class ControlPlane implements AutoCloseable {

    private final PipelineOrchestrator orchestrator;
    private final ImportEndpointServer server;

    private ControlPlane(PipelineOrchestrator orchestrator, ImportEndpointServer server) {
        this.orchestrator = orchestrator;
        this.server = server;
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
                .withParallelism(settings.parallelism(), settings.parallelism());
        PipelineOrchestrator orchestrator = PipelineOrchestrator.create(orchestration);
        try {
            EndpointSettings endpoint = new EndpointSettings(
                    settings.host(),
                    settings.port(),
                    settings.dynamoDb().endpoint() != null
                            ? settings.dynamoDb().endpoint()
                            : URI.create("https://dynamodb." + settings.region() + ".amazonaws.com"),
                    null,
                    List.of(),
                    settings.region());
            ImportEndpointServer server = ImportEndpointServer.start(
                    settings.bootstrapServers(), endpoint, ImportServiceSettings.defaults(), orchestrator);
            orchestrator.bind(server.registry());
            return new ControlPlane(orchestrator, server);
        } catch (RuntimeException e) {
            orchestrator.close();
            throw e;
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
    }
}
