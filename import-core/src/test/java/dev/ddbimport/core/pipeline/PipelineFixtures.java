package dev.ddbimport.core.pipeline;

import dev.ddbimport.core.model.ImportDefinition;
import dev.ddbimport.core.model.ImportTableRequest;
import dev.ddbimport.core.model.ModelJson;

/** A small valid import definition for the pipeline contract tests. */
final class PipelineFixtures {

    static final String IMPORT_ID = "01700000000000-0a1b2c3d";
    static final String ARN = "arn:aws:dynamodb:us-east-1:111122223333:table/Orders/import/" + IMPORT_ID;

    private static final String REQUEST = """
            {
              "S3BucketSource": {"S3Bucket": "my-bucket", "S3KeyPrefix": "data/"},
              "InputFormat": "DYNAMODB_JSON",
              "InputCompressionType": "GZIP",
              "TableCreationParameters": {
                "TableName": "Orders",
                "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
                "BillingMode": "PAY_PER_REQUEST"
              }
            }
            """;

    private PipelineFixtures() {}

    /** The definition, with or without a separate import id. */
    static ImportDefinition definition(String importId) {
        return ImportDefinition.of(ModelJson.read(REQUEST, ImportTableRequest.class), ARN, importId);
    }
}
