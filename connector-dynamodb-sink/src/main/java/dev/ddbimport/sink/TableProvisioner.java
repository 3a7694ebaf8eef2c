package dev.ddbimport.sink;

import dev.ddbimport.core.model.CreateTableRequests;
import dev.ddbimport.core.model.TableCreationParameters;
import dev.ddbimport.core.validate.KeySchema;
import dev.ddbimport.core.validate.ScalarType;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * Makes sure the table is there and ACTIVE: creates it from TableCreationParameters when asked to
 * (the connector, once), otherwise requires it (each task), and reads its primary key schema.
 */
final class TableProvisioner {

    private static final Logger log = LoggerFactory.getLogger(TableProvisioner.class);

    private final DynamoDbAsyncClient client;
    private final String table;
    private final Duration activeTimeout;

    TableProvisioner(DynamoDbAsyncClient client, String table, Duration activeTimeout) {
        this.client = client;
        this.table = table;
        this.activeTimeout = activeTimeout;
    }

    /**
     * Creates the table from {@code params} if it does not exist (another creator winning the race is
     * fine), then waits until it is ACTIVE.
     */
    KeySchema createIfAbsent(TableCreationParameters params) {
        TableDescription existing = describeOrNull();
        if (existing == null) {
            log.info("Creating table {}", table);
            try {
                call(client.createTable(CreateTableRequests.of(params)), "CreateTable");
            } catch (ResourceInUseException e) {
                log.info("Table {} was created concurrently", table);
            }
        }
        return awaitActive();
    }

    /** Requires the table to exist; waits until it is ACTIVE and returns its primary key. */
    KeySchema requireExisting() {
        if (describeOrNull() == null) {
            throw new ConnectException("Table " + table + " does not exist: create it first (the control plane"
                    + " does), or set " + DynamoDbSinkConfig.TABLE_CREATE_CONFIG + "=true with "
                    + DynamoDbSinkConfig.TABLE_CREATION_PARAMETERS_CONFIG + ", and check "
                    + DynamoDbSinkConfig.AWS_REGION_CONFIG + " and " + DynamoDbSinkConfig.AWS_ENDPOINT_CONFIG);
        }
        return awaitActive();
    }

    private TableDescription describeOrNull() {
        try {
            DescribeTableResponse r = call(client.describeTable(b -> b.tableName(table)), "DescribeTable");
            return r.table();
        } catch (ResourceNotFoundException e) {
            return null;
        }
    }

    private KeySchema awaitActive() {
        WaiterResponse<DescribeTableResponse> waited = call(
                client.waiter()
                        .waitUntilTableExists(
                                b -> b.tableName(table),
                                w -> w.waitTimeout(activeTimeout).maxAttempts(Integer.MAX_VALUE)),
                "waiting for ACTIVE");
        TableDescription t = waited.matched()
                .response()
                .map(DescribeTableResponse::table)
                .orElseThrow(() -> new ConnectException("Table " + table + " did not become ACTIVE within "
                        + activeTimeout.toSeconds() + " s; raise "
                        + DynamoDbSinkConfig.TABLE_ACTIVE_TIMEOUT_MS_CONFIG + " or check the table"));
        if (t.tableStatus() != TableStatus.ACTIVE) {
            throw new ConnectException("Table " + table + " is " + t.tableStatusAsString() + ", not ACTIVE");
        }
        return keySchema(t);
    }

    static KeySchema keySchema(TableDescription t) {
        KeySchema.KeyAttribute partition = null;
        KeySchema.KeyAttribute sort = null;
        for (software.amazon.awssdk.services.dynamodb.model.KeySchemaElement k : t.keySchema()) {
            String type = t.attributeDefinitions().stream()
                    .filter(d -> d.attributeName().equals(k.attributeName()))
                    .map(d -> d.attributeTypeAsString())
                    .findFirst()
                    .orElseThrow(() -> new ConnectException("Table " + t.tableName() + " has key attribute "
                            + k.attributeName() + " without an attribute definition"));
            KeySchema.KeyAttribute attribute = new KeySchema.KeyAttribute(k.attributeName(), ScalarType.valueOf(type));
            if (k.keyType() == KeyType.HASH) {
                partition = attribute;
            } else {
                sort = attribute;
            }
        }
        if (partition == null) {
            throw new ConnectException("Table " + t.tableName() + " has no partition (HASH) key");
        }
        return KeySchema.of(partition, sort);
    }

    /** Waits for a control-plane call; DynamoDB's own exceptions come out unwrapped. */
    private <T> T call(java.util.concurrent.CompletableFuture<T> future, String what) {
        try {
            return future.get(activeTimeout.toMillis() + 30_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted during " + what + " of table " + table, e);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new ConnectException(what + " of table " + table + " did not finish within "
                    + activeTimeout.toSeconds() + " s; raise " + DynamoDbSinkConfig.TABLE_ACTIVE_TIMEOUT_MS_CONFIG);
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = ErrorClassifier.unwrap(e);
            if (cause instanceof ResourceNotFoundException || cause instanceof ResourceInUseException) {
                throw (RuntimeException) cause;
            }
            throw new ConnectException(
                    what + " of table " + table + " failed: " + ErrorClassifier.describe(cause)
                            + "; check the table, the credentials and " + DynamoDbSinkConfig.AWS_ENDPOINT_CONFIG,
                    cause);
        }
    }
}
