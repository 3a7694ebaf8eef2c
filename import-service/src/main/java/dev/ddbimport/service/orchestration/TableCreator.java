package dev.ddbimport.service.orchestration;

import dev.ddbimport.core.model.CreateTableRequests;
import dev.ddbimport.core.model.TableCreationParameters;
import java.time.Duration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * Creates an import's table from its TableCreationParameters (GSIs included) and waits until it is
 * ACTIVE. Idempotent: a table that exists already (a resumed import created it) is only waited for.
 */
final class TableCreator {

    private final DynamoDbClient dynamoDb;
    private final Duration activeTimeout;

    TableCreator(DynamoDbClient dynamoDb, Duration activeTimeout) {
        this.dynamoDb = dynamoDb;
        this.activeTimeout = activeTimeout;
    }

    /** Creates the table unless it exists, then waits for ACTIVE. */
    void createAndAwaitActive(TableCreationParameters params) {
        if (!exists(params.tableName())) {
            try {
                dynamoDb.createTable(CreateTableRequests.of(params));
            } catch (ResourceInUseException alreadyThere) {
                // created by an earlier attempt of this import: wait for it below
            }
        }
        var waited = dynamoDb.waiter()
                .waitUntilTableExists(
                        b -> b.tableName(params.tableName()),
                        w -> w.waitTimeout(activeTimeout).maxAttempts(Integer.MAX_VALUE));
        if (waited.matched().response().isEmpty()) {
            throw new IllegalStateException("Table " + params.tableName() + " did not become ACTIVE within "
                    + activeTimeout + ": "
                    + waited.matched().exception().map(Throwable::getMessage).orElse("?"));
        }
    }

    private boolean exists(String table) {
        try {
            dynamoDb.describeTable(b -> b.tableName(table));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }
}
