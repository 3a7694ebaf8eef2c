package dev.ddbimport.transform;

import dev.ddbimport.core.model.ImportDefinition;
import dev.ddbimport.core.model.ImportTableRequest;
import dev.ddbimport.core.model.ModelJson;

/** Import definitions for the runtime's tests. */
final class TestDefinitions {

    private static final String JSON_REQUEST = """
            {
              "S3BucketSource": {"S3Bucket": "bucket", "S3KeyPrefix": "data/"},
              "InputFormat": "DYNAMODB_JSON",
              "TableCreationParameters": {
                "TableName": "Things",
                "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
                "BillingMode": "PAY_PER_REQUEST"
              }
            }
            """;

    private TestDefinitions() {}

    /** A DynamoDB JSON import of bucket {@code bucket}, key {@code pk} (S), with id {@code importId}. */
    static ImportDefinition json(String importId) {
        return ImportDefinition.of(
                ModelJson.read(JSON_REQUEST, ImportTableRequest.class),
                "arn:aws:dynamodb:us-east-1:111122223333:table/Things/import/" + importId,
                importId);
    }
}
