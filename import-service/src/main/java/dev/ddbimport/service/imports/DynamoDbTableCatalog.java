package dev.ddbimport.service.imports;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** Asks the backing DynamoDB with DescribeTable: any table status, DELETING included, counts as existing. */
public final class DynamoDbTableCatalog implements TableCatalog {

    private final DynamoDbClient dynamoDb;

    public DynamoDbTableCatalog(DynamoDbClient dynamoDb) {
        this.dynamoDb = dynamoDb;
    }

    @Override
    public boolean exists(String tableName) {
        try {
            dynamoDb.describeTable(r -> r.tableName(tableName));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }
}
