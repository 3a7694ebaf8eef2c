package dev.ddbimport.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelJsonTest {
    /** Every member of ImportTable's request syntax, as the AWS CLI sends it. */
    private static final String FULL_REQUEST = """
            {
              "ClientToken": "6f1a2b3c-0000-4000-8000-000000000001",
              "InputCompressionType": "ZSTD",
              "InputFormat": "CSV",
              "InputFormatOptions": {"Csv": {"Delimiter": "|", "HeaderList": ["id", "ts", "gpk", "gsk", "body"]}},
              "S3BucketSource": {"S3Bucket": "import-bucket", "S3BucketOwner": "111122223333", "S3KeyPrefix": "exports/2024/"},
              "TableCreationParameters": {
                "AttributeDefinitions": [
                  {"AttributeName": "id", "AttributeType": "S"},
                  {"AttributeName": "ts", "AttributeType": "N"},
                  {"AttributeName": "gpk", "AttributeType": "S"},
                  {"AttributeName": "gsk", "AttributeType": "B"}
                ],
                "BillingMode": "PAY_PER_REQUEST",
                "GlobalSecondaryIndexes": [{
                  "IndexName": "by-gpk",
                  "KeySchema": [{"AttributeName": "gpk", "KeyType": "HASH"}, {"AttributeName": "gsk", "KeyType": "RANGE"}],
                  "OnDemandThroughput": {"MaxReadRequestUnits": 100, "MaxWriteRequestUnits": 50},
                  "Projection": {"NonKeyAttributes": ["body"], "ProjectionType": "INCLUDE"},
                  "WarmThroughput": {"ReadUnitsPerSecond": 12000, "WriteUnitsPerSecond": 4000}
                }],
                "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}, {"AttributeName": "ts", "KeyType": "RANGE"}],
                "OnDemandThroughput": {"MaxReadRequestUnits": 200, "MaxWriteRequestUnits": 100},
                "SSESpecification": {"Enabled": true, "KMSMasterKeyId": "alias/imports", "SSEType": "KMS"},
                "TableName": "Events"
              }
            }
            """;

    @Test
    void shouldRoundTripAFullRequestWithIdenticalMemberNames() throws Exception {
        ImportTableRequest request = ModelJson.read(FULL_REQUEST, ImportTableRequest.class);

        JsonNode written = ModelJson.mapper().readTree(ModelJson.write(request));

        assertEquals(ModelJson.mapper().readTree(FULL_REQUEST), written);
        assertEquals("ZSTD", request.inputCompressionType());
        assertEquals("KMS", request.tableCreationParameters().sseSpecification().sseType());
        assertEquals(
                List.of("body"),
                request.tableCreationParameters()
                        .globalSecondaryIndexes()
                        .get(0)
                        .projection()
                        .nonKeyAttributes());
        RequestValidator.validate(request);
    }

    @Test
    void shouldReadTheSameBytesAsTheString() {
        ImportTableRequest fromBytes =
                ModelJson.read(FULL_REQUEST.getBytes(StandardCharsets.UTF_8), ImportTableRequest.class);

        assertEquals(ModelJson.read(FULL_REQUEST, ImportTableRequest.class), fromBytes);
    }

    @Test
    void shouldReadTableCreationParametersAloneAsTheCliFileHoldsThem() {
        String cliFile = """
                {"TableName": "Music",
                 "AttributeDefinitions": [{"AttributeName": "Artist", "AttributeType": "S"}],
                 "KeySchema": [{"AttributeName": "Artist", "KeyType": "HASH"}],
                 "BillingMode": "PAY_PER_REQUEST"}
                """;

        TableCreationParameters params = ModelJson.read(cliFile, TableCreationParameters.class);

        assertEquals("Music", params.tableName());
        assertEquals(List.of(new KeySchemaElement("Artist", "HASH")), params.keySchema());
        assertEquals(
                "{\"TableName\":\"Music\",\"AttributeDefinitions\":[{\"AttributeName\":\"Artist\","
                        + "\"AttributeType\":\"S\"}],\"KeySchema\":[{\"AttributeName\":\"Artist\",\"KeyType\":\"HASH\"}],"
                        + "\"BillingMode\":\"PAY_PER_REQUEST\"}",
                ModelJson.write(params));
    }

    @Test
    void shouldIgnoreMembersThisVersionDoesNotKnow() {
        String json = """
                {"S3Bucket": "b1", "S3BucketOwnerV2": "x", "Future": {"Nested": [1, 2]}}
                """;

        S3BucketSource source = ModelJson.read(json, S3BucketSource.class);

        assertEquals(new S3BucketSource("b1", null, null), source);
    }

    @Test
    void shouldOmitNullMembersOnWrite() {
        String json = ModelJson.write(new S3BucketSource("b1", null, "p/"));

        assertEquals("{\"S3Bucket\":\"b1\",\"S3KeyPrefix\":\"p/\"}", json);
        assertFalse(json.contains("null"));
    }

    @Test
    void shouldKeepAnUnknownEnumValueForTheValidatorToReport() {
        ImportTableRequest request = ModelJson.read("{\"InputFormat\": \"XML\"}", ImportTableRequest.class);

        assertEquals("XML", request.inputFormat());
        assertNull(request.tableCreationParameters());
    }

    @Test
    void shouldKeepNullListElementsForTheValidatorToReport() {
        TableCreationParameters params = ModelJson.read("{\"KeySchema\": [null]}", TableCreationParameters.class);

        assertEquals(1, params.keySchema().size());
        assertNull(params.keySchema().get(0));
    }

    @Test
    void shouldRejectMalformedJsonWithASerializationException() {
        SerializationException e = assertThrows(
                SerializationException.class, () -> ModelJson.read("{\"TableName\": ", TableCreationParameters.class));

        assertTrue(e.getMessage().startsWith("Cannot read TableCreationParameters from JSON: "), e.getMessage());
    }

    @Test
    void shouldRejectAMemberOfTheWrongShapeWithASerializationException() {
        assertThrows(
                SerializationException.class,
                () -> ModelJson.read("{\"S3BucketSource\": \"bucket\"}", ImportTableRequest.class));
        assertThrows(
                SerializationException.class,
                () -> ModelJson.read("{\"KeySchema\": {\"AttributeName\": \"a\"}}", TableCreationParameters.class));
    }

    @Test
    void shouldRejectTrailingContent() {
        assertThrows(
                SerializationException.class, () -> ModelJson.read("{\"S3Bucket\": \"b\"} {}", S3BucketSource.class));
    }
}
