package dev.ddbimport.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;

/** A valid ImportTable request as JSON, and ways to change one member of it. */
final class RequestFixtures {
    static final String VALID_REQUEST = """
            {
              "ClientToken": "token-1",
              "S3BucketSource": {"S3Bucket": "my-bucket", "S3BucketOwner": "123456789012", "S3KeyPrefix": "data/"},
              "InputFormat": "CSV",
              "InputFormatOptions": {"Csv": {"Delimiter": ";", "HeaderList": ["pk", "sk", "g", "note"]}},
              "InputCompressionType": "GZIP",
              "TableCreationParameters": {
                "TableName": "Orders",
                "AttributeDefinitions": [
                  {"AttributeName": "pk", "AttributeType": "S"},
                  {"AttributeName": "sk", "AttributeType": "N"},
                  {"AttributeName": "g", "AttributeType": "B"}
                ],
                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
                "BillingMode": "PROVISIONED",
                "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
                "GlobalSecondaryIndexes": [{
                  "IndexName": "byG",
                  "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                  "Projection": {"ProjectionType": "ALL"},
                  "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}
                }]
              }
            }
            """;

    private RequestFixtures() {}

    static ObjectNode validTree() {
        try {
            return (ObjectNode) ModelJson.mapper().readTree(VALID_REQUEST);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static ImportTableRequest valid() {
        return changed(r -> {});
    }

    static ImportTableRequest changed(Consumer<ObjectNode> change) {
        ObjectNode tree = validTree();
        change.accept(tree);
        return toRequest(tree);
    }

    static ImportTableRequest toRequest(JsonNode tree) {
        try {
            return ModelJson.mapper().treeToValue(tree, ImportTableRequest.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode table(ObjectNode request) {
        return (ObjectNode) request.get("TableCreationParameters");
    }

    static ArrayNode definitions(ObjectNode request) {
        return (ArrayNode) table(request).get("AttributeDefinitions");
    }

    static ArrayNode keySchema(ObjectNode request) {
        return (ArrayNode) table(request).get("KeySchema");
    }

    static ArrayNode indexes(ObjectNode request) {
        return (ArrayNode) table(request).get("GlobalSecondaryIndexes");
    }

    static ObjectNode index(ObjectNode request) {
        return (ObjectNode) indexes(request).get(0);
    }

    static ObjectNode csv(ObjectNode request) {
        return (ObjectNode) request.get("InputFormatOptions").get("Csv");
    }

    static ObjectNode bucket(ObjectNode request) {
        return (ObjectNode) request.get("S3BucketSource");
    }

    /** Switches the table to on-demand: PAY_PER_REQUEST without any provisioned throughput. */
    static void onDemand(ObjectNode request) {
        table(request).put("BillingMode", "PAY_PER_REQUEST");
        table(request).remove("ProvisionedThroughput");
        index(request).remove("ProvisionedThroughput");
    }
}
