package dev.ddbimport.service.endpoint;

import dev.ddbimport.service.imports.DynamoDbTableCatalog;
import dev.ddbimport.service.imports.ImportOrchestrator;
import dev.ddbimport.service.imports.ImportRegistry;
import dev.ddbimport.service.imports.ImportService;
import dev.ddbimport.service.imports.ImportServiceSettings;
import dev.ddbimport.service.imports.ProgressReader;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The control plane's front door in one piece: the import registry (read from Kafka), the progress
 * reader, the import service over the backing DynamoDB, and the HTTP endpoint. Stateless: close it
 * and start another over the same Kafka, and it answers for every import as before.
 */
public final class ImportEndpointServer implements AutoCloseable {

    /** How long start-up and each registry write may wait for Kafka. */
    public static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(30);
    // DynamoDB Local keeps tables per key unless -sharedDb; any fixed key works for it
    private static final AccessKey LOCAL_KEY = new AccessKey("ddbimport", "ddbimport");

    private final ImportRegistry registry;
    private final ProgressReader progress;
    private final DynamoDbClient dynamoDb;
    private final ImportService service;
    private final DynamoDbEndpoint endpoint;

    private ImportEndpointServer(
            ImportRegistry registry,
            ProgressReader progress,
            DynamoDbClient dynamoDb,
            ImportService service,
            DynamoDbEndpoint endpoint) {
        this.registry = registry;
        this.progress = progress;
        this.dynamoDb = dynamoDb;
        this.service = service;
        this.endpoint = endpoint;
    }

    /**
     * Reads the registry from {@code kafkaBootstrapServers} and starts the endpoint.
     *
     * @param orchestrator what runs accepted imports ({@link ImportOrchestrator#NONE}: nothing)
     */
    public static ImportEndpointServer start(
            String kafkaBootstrapServers,
            EndpointSettings endpointSettings,
            ImportServiceSettings importSettings,
            ImportOrchestrator orchestrator) {
        return start(
                kafkaBootstrapServers,
                Map.of(),
                ImportRegistry.BROKER_DEFAULT_REPLICATION,
                endpointSettings,
                importSettings,
                orchestrator);
    }

    /**
     * As {@link #start(String, EndpointSettings, ImportServiceSettings, ImportOrchestrator)}, with
     * Kafka client settings (security, timeouts) for the registry's and progress reader's clients.
     *
     * @param registryReplicationFactor the registry topic's, if it is created here; {@link
     *     ImportRegistry#BROKER_DEFAULT_REPLICATION} for the brokers' {@code default.replication.factor}
     */
    public static ImportEndpointServer start(
            String kafkaBootstrapServers,
            Map<String, String> kafkaClientSettings,
            short registryReplicationFactor,
            EndpointSettings endpointSettings,
            ImportServiceSettings importSettings,
            ImportOrchestrator orchestrator) {
        ImportRegistry registry = ImportRegistry.start(
                kafkaBootstrapServers, kafkaClientSettings, registryReplicationFactor, KAFKA_TIMEOUT);
        ProgressReader progress = null;
        DynamoDbClient dynamoDb = null;
        try {
            progress = new ProgressReader(kafkaBootstrapServers, kafkaClientSettings, Duration.ofSeconds(5));
            dynamoDb = backendClient(endpointSettings);
            Clock clock = Clock.systemUTC();
            ImportService service = new ImportService(
                    importSettings,
                    registry,
                    progress,
                    new DynamoDbTableCatalog(dynamoDb),
                    orchestrator,
                    clock,
                    new SecureRandom());
            DynamoDbEndpoint endpoint = DynamoDbEndpoint.start(endpointSettings, service, clock);
            return new ImportEndpointServer(registry, progress, dynamoDb, service, endpoint);
        } catch (RuntimeException e) {
            registry.close();
            if (progress != null) {
                progress.close();
            }
            if (dynamoDb != null) {
                dynamoDb.close();
            }
            throw e;
        }
    }

    private static DynamoDbClient backendClient(EndpointSettings settings) {
        AwsCredentialsProvider credentials = settings.backendCredentials() != null
                ? settings.backendCredentials()
                : StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LOCAL_KEY.accessKeyId(), LOCAL_KEY.secretAccessKey()));
        return DynamoDbClient.builder()
                .endpointOverride(settings.backend())
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .build();
    }

    public URI uri() {
        return endpoint.uri();
    }

    public ImportService service() {
        return service;
    }

    public ImportRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        endpoint.close();
        progress.close();
        registry.close();
        dynamoDb.close();
    }
}
