package dev.ddbimport.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ImportStatus;
import software.amazon.awssdk.services.dynamodb.model.ImportTableDescription;
import software.amazon.awssdk.services.dynamodb.model.InputFormat;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The whole compose stack, built from this checkout and started where a Docker engine runs: an
 * ImportTable of the CSV sample the init container uploaded, through the service's endpoint with the AWS
 * SDK, ends COMPLETED and its items are readable through the same endpoint. Skipped where Docker is not
 * available. Building the images the first time takes minutes (Maven inside Docker), so this IT is far
 * longer than the others.
 */
@Testcontainers(disabledWithoutDocker = true)
class ComposeStackIT {

    private static final Duration STARTUP = Duration.ofMinutes(20);
    private static final Duration IMPORT_DEADLINE = Duration.ofMinutes(3);
    private static final String TABLE = "BooksFromCompose";
    private static final String UPLOADED = "uploaded";
    /** The stack's local key (x-aws-env in the compose file): MinIO's root user; DynamoDB Local takes any. */
    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("ddbimport", "ddbimport-local"));

    @Container
    static final ComposeContainer STACK = new ComposeContainer(
                    ComposeRepository.locate().path("deploy/docker-compose.yml").toFile())
            .withBuild(true)
            .withExposedService("service", 8000, Wait.forHealthcheck().withStartupTimeout(STARTUP))
            .waitingFor("connect", Wait.forHealthcheck().withStartupTimeout(STARTUP))
            .waitingFor("transform-1", Wait.forHealthcheck().withStartupTimeout(STARTUP))
            .waitingFor("transform-2", Wait.forHealthcheck().withStartupTimeout(STARTUP))
            .withExposedService("minio", 9000, Wait.forHealthcheck().withStartupTimeout(STARTUP))
            .withStartupTimeout(STARTUP);

    @Test
    void shouldImportTheUploadedSampleThroughTheService() throws InterruptedException {
        awaitSampleUploaded();
        URI endpoint = URI.create(
                "http://" + STACK.getServiceHost("service", 8000) + ":" + STACK.getServicePort("service", 8000));
        try (DynamoDbClient dynamo = DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS)
                .build()) {
            String arn = dynamo.importTable(r -> r.s3BucketSource(
                                    s -> s.s3Bucket("books").s3KeyPrefix("csv/"))
                            .inputFormat(InputFormat.CSV)
                            .tableCreationParameters(t -> t.tableName(TABLE)
                                    .keySchema(KeySchemaElement.builder()
                                            .attributeName("Id")
                                            .keyType(KeyType.HASH)
                                            .build())
                                    .attributeDefinitions(AttributeDefinition.builder()
                                            .attributeName("Id")
                                            .attributeType(ScalarAttributeType.N)
                                            .build())
                                    .billingMode(BillingMode.PAY_PER_REQUEST)))
                    .importTableDescription()
                    .importArn();

            ImportTableDescription done = ImportWait.awaitEnd(dynamo, arn, IMPORT_DEADLINE);
            assertEquals(ImportStatus.COMPLETED, done.importStatus(), done.toString());
            assertEquals(3L, done.importedItemCount(), done.toString());
            assertEquals(0L, done.errorCount(), done.toString());

            // every other DynamoDB operation goes through the service to DynamoDB Local
            assertEquals(3, dynamo.scan(r -> r.tableName(TABLE)).count());
            Map<String, AttributeValue> book = dynamo.getItem(
                            r -> r.tableName(TABLE).key(Map.of("Id", AttributeValue.fromN("1"))))
                    .item();
            assertEquals("The Harbour at Dusk", book.get("Title").s());
        }
    }

    /** minio-init runs once MinIO is healthy; nothing in the stack waits for it, so the test does. */
    private static void awaitSampleUploaded() throws InterruptedException {
        URI s3 =
                URI.create("http://" + STACK.getServiceHost("minio", 9000) + ":" + STACK.getServicePort("minio", 9000));
        try (S3Client client = S3Client.builder()
                .endpointOverride(s3)
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS)
                .build()) {
            ImportWait.until(
                    IMPORT_DEADLINE,
                    () -> {
                        try {
                            client.headObject(r -> r.bucket("books").key("csv/books.csv"));
                            return UPLOADED;
                        } catch (S3Exception e) {
                            return e.getMessage();
                        }
                    },
                    UPLOADED::equals,
                    "upload of books/csv/books.csv by minio-init (docker compose logs minio-init)");
        }
    }
}
