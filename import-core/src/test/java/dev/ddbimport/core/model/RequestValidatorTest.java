package dev.ddbimport.core.model;

import static dev.ddbimport.core.model.RequestFixtures.bucket;
import static dev.ddbimport.core.model.RequestFixtures.csv;
import static dev.ddbimport.core.model.RequestFixtures.definitions;
import static dev.ddbimport.core.model.RequestFixtures.index;
import static dev.ddbimport.core.model.RequestFixtures.indexes;
import static dev.ddbimport.core.model.RequestFixtures.keySchema;
import static dev.ddbimport.core.model.RequestFixtures.onDemand;
import static dev.ddbimport.core.model.RequestFixtures.table;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RequestValidatorTest {
    private static final String ONE = "1 validation error detected: ";
    private static final String INVALID = "One or more parameter values were invalid: ";

    @Test
    void shouldAcceptTheValidRequest() {
        assertDoesNotThrow(() -> RequestValidator.validate(RequestFixtures.valid()));
    }

    @Test
    void shouldAcceptAnOnDemandJsonImportWithoutOptionsOrCompression() {
        ImportTableRequest request = RequestFixtures.changed(r -> {
            onDemand(r);
            r.put("InputFormat", "DYNAMODB_JSON");
            r.remove("InputFormatOptions");
            r.remove("InputCompressionType");
            bucket(r).remove("S3BucketOwner");
            bucket(r).remove("S3KeyPrefix");
            table(r).putObject("OnDemandThroughput").put("MaxReadRequestUnits", 10);
            table(r).putObject("SSESpecification")
                    .put("Enabled", true)
                    .put("SSEType", "KMS")
                    .put("KMSMasterKeyId", "k");
        });
        assertDoesNotThrow(() -> RequestValidator.validate(request));
    }

    @Test
    void shouldAcceptAHashOnlyTableWithoutIndexesAndDefaultBillingMode() {
        ImportTableRequest request = RequestFixtures.changed(r -> {
            table(r).remove("GlobalSecondaryIndexes");
            table(r).remove("BillingMode");
            keySchema(r).remove(1);
            definitions(r).remove(2);
            definitions(r).remove(1);
            r.put("InputFormat", "ION");
            r.remove("InputFormatOptions");
            r.put("InputCompressionType", "ZSTD");
        });
        assertDoesNotThrow(() -> RequestValidator.validate(request));
    }

    @Test
    void shouldAcceptAnIncludeProjectionWithItsNonKeyAttributes() {
        ImportTableRequest request = RequestFixtures.changed(r -> {
            ObjectNode projection = index(r).putObject("Projection").put("ProjectionType", "INCLUDE");
            projection.putArray("NonKeyAttributes").add("note");
        });
        assertDoesNotThrow(() -> RequestValidator.validate(request));
    }

    @Test
    void shouldAcceptEveryDocumentedDelimiter() {
        for (String delimiter : new String[] {",", ";", ":", "|", "\t", " "}) {
            ImportTableRequest request = RequestFixtures.changed(r -> csv(r).put("Delimiter", delimiter));
            assertDoesNotThrow(() -> RequestValidator.validate(request), "delimiter [" + delimiter + "]");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("memberConstraintViolations")
    void shouldRejectAMemberConstraintViolationInDynamoDbWords(
            String rule, Consumer<ObjectNode> change, String message) {
        assertRejected(change, message);
    }

    static Stream<Arguments> memberConstraintViolations() {
        String longName = "a".repeat(256);
        return Stream.of(
                arguments(
                        "ClientToken missing",
                        (Consumer<ObjectNode>) r -> r.remove("ClientToken"),
                        ONE + "Value null at 'clientToken' failed to satisfy constraint: Member must not be null"),
                arguments(
                        "ClientToken empty",
                        (Consumer<ObjectNode>) r -> r.put("ClientToken", ""),
                        ONE + "Value '' at 'clientToken' failed to satisfy constraint:"
                                + " Member must satisfy regular expression pattern: ^[^\\$]+$"),
                arguments(
                        "ClientToken with a dollar",
                        (Consumer<ObjectNode>) r -> r.put("ClientToken", "a$b"),
                        ONE + "Value 'a$b' at 'clientToken' failed to satisfy constraint:"
                                + " Member must satisfy regular expression pattern: ^[^\\$]+$"),
                arguments(
                        "S3BucketSource missing",
                        (Consumer<ObjectNode>) r -> r.remove("S3BucketSource"),
                        ONE + "Value null at 's3BucketSource' failed to satisfy constraint: Member must not be null"),
                arguments(
                        "S3Bucket missing",
                        (Consumer<ObjectNode>) r -> bucket(r).remove("S3Bucket"),
                        ONE + "Value null at 's3BucketSource.s3Bucket' failed to satisfy constraint:"
                                + " Member must not be null"),
                arguments(
                        "S3Bucket pattern",
                        (Consumer<ObjectNode>) r -> bucket(r).put("S3Bucket", "-bucket"),
                        ONE + "Value '-bucket' at 's3BucketSource.s3Bucket' failed to satisfy constraint:"
                                + " Member must satisfy regular expression pattern:"
                                + " ^[a-z0-9A-Z]+[\\.\\-\\w]*[a-z0-9A-Z]+$"),
                arguments(
                        "S3Bucket too long",
                        (Consumer<ObjectNode>) r -> bucket(r).put("S3Bucket", longName),
                        ONE + "Value '" + longName + "' at 's3BucketSource.s3Bucket' failed to satisfy constraint:"
                                + " Member must have length less than or equal to 255"),
                arguments(
                        "S3BucketOwner pattern",
                        (Consumer<ObjectNode>) r -> bucket(r).put("S3BucketOwner", "12345"),
                        ONE + "Value '12345' at 's3BucketSource.s3BucketOwner' failed to satisfy constraint:"
                                + " Member must satisfy regular expression pattern: [0-9]{12}"),
                arguments(
                        "S3KeyPrefix too long",
                        (Consumer<ObjectNode>) r -> bucket(r).put("S3KeyPrefix", "p".repeat(1025)),
                        ONE + "Value '" + "p".repeat(1025) + "' at 's3BucketSource.s3KeyPrefix' failed to satisfy"
                                + " constraint: Member must have length less than or equal to 1024"),
                arguments(
                        "InputFormat missing",
                        (Consumer<ObjectNode>) r -> r.remove("InputFormat"),
                        ONE + "Value null at 'inputFormat' failed to satisfy constraint: Member must not be null"),
                arguments(
                        "InputFormat unknown",
                        (Consumer<ObjectNode>) r -> r.put("InputFormat", "XML"),
                        "1 validation error detected: Value 'XML' at 'inputFormat' failed to satisfy constraint:"
                                + " Member must satisfy enum value set: [ION, CSV, DYNAMODB_JSON]"),
                arguments(
                        "InputCompressionType unknown",
                        (Consumer<ObjectNode>) r -> r.put("InputCompressionType", "LZ4"),
                        ONE + "Value 'LZ4' at 'inputCompressionType' failed to satisfy constraint:"
                                + " Member must satisfy enum value set: [GZIP, ZSTD, NONE]"),
                arguments(
                        "Delimiter not allowed",
                        (Consumer<ObjectNode>) r -> csv(r).put("Delimiter", "#"),
                        ONE + "Value '#' at 'inputFormatOptions.csv.delimiter' failed to satisfy constraint:"
                                + " Member must satisfy regular expression pattern: [,;:|\\t ]"),
                arguments(
                        "Delimiter of two characters",
                        (Consumer<ObjectNode>) r -> csv(r).put("Delimiter", ",,"),
                        "2 validation errors detected: Value ',,' at 'inputFormatOptions.csv.delimiter' failed to"
                                + " satisfy constraint: Member must satisfy regular expression pattern: [,;:|\\t ];"
                                + " Value ',,' at 'inputFormatOptions.csv.delimiter' failed to satisfy constraint:"
                                + " Member must have length less than or equal to 1"),
                arguments(
                        "HeaderList empty",
                        (Consumer<ObjectNode>) r -> csv(r).putArray("HeaderList"),
                        ONE + "Value '[]' at 'inputFormatOptions.csv.headerList' failed to satisfy constraint:"
                                + " Member must have length greater than or equal to 1"),
                arguments(
                        "HeaderList too long",
                        (Consumer<ObjectNode>) r -> {
                            ArrayNode headers = csv(r).putArray("HeaderList");
                            for (int i = 0; i < 256; i++) {
                                headers.add("h");
                            }
                        },
                        ONE + "Value '[" + String.join(", ", java.util.Collections.nCopies(256, "h"))
                                + "]' at 'inputFormatOptions.csv.headerList' failed to satisfy constraint:"
                                + " Member must have length less than or equal to 255"),
                arguments(
                        "header with a quote",
                        (Consumer<ObjectNode>)
                                r -> csv(r).putArray("HeaderList").add("pk").add("a\"b"),
                        ONE + "Value 'a\"b' at 'inputFormatOptions.csv.headerList.2.member' failed to satisfy"
                                + " constraint: Member must satisfy regular expression pattern:"
                                + " [\\x20-\\x21\\x23-\\x2B\\x2D-\\x7E]*"),
                arguments(
                        "header empty",
                        (Consumer<ObjectNode>)
                                r -> csv(r).putArray("HeaderList").add(""),
                        ONE + "Value '' at 'inputFormatOptions.csv.headerList.1.member' failed to satisfy"
                                + " constraint: Member must have length greater than or equal to 1"),
                arguments(
                        "TableCreationParameters missing",
                        (Consumer<ObjectNode>) r -> r.remove("TableCreationParameters"),
                        ONE + "Value null at 'tableCreationParameters' failed to satisfy constraint:"
                                + " Member must not be null"),
                arguments(
                        "TableName too short",
                        (Consumer<ObjectNode>) r -> table(r).put("TableName", "ab"),
                        ONE + "Value 'ab' at 'tableCreationParameters.tableName' failed to satisfy constraint:"
                                + " Member must have length greater than or equal to 3"),
                arguments(
                        "TableName pattern",
                        (Consumer<ObjectNode>) r -> table(r).put("TableName", "abc;"),
                        ONE + "Value 'abc;' at 'tableCreationParameters.tableName' failed to satisfy constraint:"
                                + " Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"),
                arguments(
                        "AttributeDefinitions missing",
                        (Consumer<ObjectNode>) r -> table(r).remove("AttributeDefinitions"),
                        ONE + "Value null at 'tableCreationParameters.attributeDefinitions' failed to satisfy"
                                + " constraint: Member must not be null"),
                arguments(
                        "AttributeType unknown",
                        (Consumer<ObjectNode>) r -> ((ObjectNode) definitions(r).get(1)).put("AttributeType", "SS"),
                        ONE + "Value 'SS' at 'tableCreationParameters.attributeDefinitions.2.member.attributeType'"
                                + " failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]"),
                arguments(
                        "KeySchema missing",
                        (Consumer<ObjectNode>) r -> table(r).remove("KeySchema"),
                        ONE + "Value null at 'tableCreationParameters.keySchema' failed to satisfy constraint:"
                                + " Member must not be null"),
                arguments(
                        "KeySchema empty",
                        (Consumer<ObjectNode>) r -> table(r).putArray("KeySchema"),
                        ONE + "Value '[]' at 'tableCreationParameters.keySchema' failed to satisfy constraint:"
                                + " Member must have length greater than or equal to 1"),
                arguments(
                        "KeyType unknown",
                        (Consumer<ObjectNode>) r -> ((ObjectNode) keySchema(r).get(0)).put("KeyType", "PRIMARY"),
                        ONE + "Value 'PRIMARY' at 'tableCreationParameters.keySchema.1.member.keyType' failed to"
                                + " satisfy constraint: Member must satisfy enum value set: [HASH, RANGE]"),
                arguments(
                        "BillingMode unknown",
                        (Consumer<ObjectNode>) r -> table(r).put("BillingMode", "ON_DEMAND"),
                        ONE + "Value 'ON_DEMAND' at 'tableCreationParameters.billingMode' failed to satisfy"
                                + " constraint: Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]"),
                arguments(
                        "ReadCapacityUnits zero",
                        (Consumer<ObjectNode>)
                                r -> ((ObjectNode) table(r).get("ProvisionedThroughput")).put("ReadCapacityUnits", 0),
                        ONE + "Value '0' at 'tableCreationParameters.provisionedThroughput.readCapacityUnits'"
                                + " failed to satisfy constraint: Member must have value greater than or equal to 1"),
                arguments(
                        "WriteCapacityUnits missing",
                        (Consumer<ObjectNode>)
                                r -> ((ObjectNode) table(r).get("ProvisionedThroughput")).remove("WriteCapacityUnits"),
                        ONE + "Value null at 'tableCreationParameters.provisionedThroughput.writeCapacityUnits'"
                                + " failed to satisfy constraint: Member must not be null"),
                arguments(
                        "SSEType unknown",
                        (Consumer<ObjectNode>)
                                r -> table(r).putObject("SSESpecification").put("SSEType", "AES"),
                        ONE + "Value 'AES' at 'tableCreationParameters.sSESpecification.sSEType' failed to satisfy"
                                + " constraint: Member must satisfy enum value set: [AES256, KMS]"),
                arguments(
                        "IndexName too short",
                        (Consumer<ObjectNode>) r -> index(r).put("IndexName", "g"),
                        ONE + "Value 'g' at 'tableCreationParameters.globalSecondaryIndexes.1.member.indexName'"
                                + " failed to satisfy constraint: Member must have length greater than or equal to 3"),
                arguments(
                        "index Projection missing",
                        (Consumer<ObjectNode>) r -> index(r).remove("Projection"),
                        ONE + "Value null at 'tableCreationParameters.globalSecondaryIndexes.1.member.projection'"
                                + " failed to satisfy constraint: Member must not be null"),
                arguments(
                        "ProjectionType unknown",
                        (Consumer<ObjectNode>)
                                r -> ((ObjectNode) index(r).get("Projection")).put("ProjectionType", "SOME"),
                        ONE + "Value 'SOME' at"
                                + " 'tableCreationParameters.globalSecondaryIndexes.1.member.projection.projectionType'"
                                + " failed to satisfy constraint: Member must satisfy enum value set:"
                                + " [ALL, INCLUDE, KEYS_ONLY]"),
                arguments(
                        "index KeySchema too long",
                        (Consumer<ObjectNode>) r -> {
                            ArrayNode keys = (ArrayNode) index(r).get("KeySchema");
                            keys.addObject().put("AttributeName", "pk").put("KeyType", "RANGE");
                            keys.addObject().put("AttributeName", "sk").put("KeyType", "RANGE");
                        },
                        ONE + "Value '[KeySchemaElement[attributeName=g, keyType=HASH],"
                                + " KeySchemaElement[attributeName=pk, keyType=RANGE],"
                                + " KeySchemaElement[attributeName=sk, keyType=RANGE]]' at"
                                + " 'tableCreationParameters.globalSecondaryIndexes.1.member.keySchema' failed to"
                                + " satisfy constraint: Member must have length less than or equal to 2"));
    }

    @Test
    void shouldListEveryViolationOfOneRequestTogether() {
        assertRejected(
                r -> {
                    r.put("InputFormat", "XML");
                    table(r).put("TableName", "a;");
                },
                "3 validation errors detected: Value 'XML' at 'inputFormat' failed to satisfy constraint:"
                        + " Member must satisfy enum value set: [ION, CSV, DYNAMODB_JSON];"
                        + " Value 'a;' at 'tableCreationParameters.tableName' failed to satisfy constraint:"
                        + " Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+;"
                        + " Value 'a;' at 'tableCreationParameters.tableName' failed to satisfy constraint:"
                        + " Member must have length greater than or equal to 3");
    }

    @Test
    void shouldReportAtMostTenViolations() {
        ValidationException e = assertThrows(
                ValidationException.class,
                () -> RequestValidator.validate(RequestFixtures.changed(r -> {
                    ArrayNode headers = csv(r).putArray("HeaderList");
                    for (int i = 0; i < 12; i++) {
                        headers.add("");
                    }
                })));
        assertEquals(true, e.getMessage().startsWith("10 validation errors detected: "), e.getMessage());
        assertEquals(10, e.getMessage().split("; ").length);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ruleViolations")
    void shouldRejectABrokenRuleBetweenMembersInDynamoDbWords(
            String rule, Consumer<ObjectNode> change, String message) {
        assertRejected(change, message);
    }

    static Stream<Arguments> ruleViolations() {
        return Stream.of(
                arguments(
                        "CSV options with DYNAMODB_JSON",
                        (Consumer<ObjectNode>) r -> r.put("InputFormat", "DYNAMODB_JSON"),
                        "Invalid Request: Unsupported InputFormatOptions for the given input format: DYNAMODB_JSON."),
                arguments(
                        "CSV options with ION",
                        (Consumer<ObjectNode>) r -> r.put("InputFormat", "ION"),
                        "Invalid Request: Unsupported InputFormatOptions for the given input format: ION."),
                arguments(
                        "PAY_PER_REQUEST with ProvisionedThroughput",
                        (Consumer<ObjectNode>) r -> {
                            onDemand(r);
                            table(r).putObject("ProvisionedThroughput")
                                    .put("ReadCapacityUnits", 1)
                                    .put("WriteCapacityUnits", 1);
                        },
                        INVALID + "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when"
                                + " BillingMode is PAY_PER_REQUEST"),
                arguments(
                        "PROVISIONED without ProvisionedThroughput",
                        (Consumer<ObjectNode>) r -> table(r).remove("ProvisionedThroughput"),
                        INVALID + "ReadCapacityUnits and WriteCapacityUnits must both be specified when"
                                + " BillingMode is PROVISIONED"),
                arguments(
                        "default billing mode without ProvisionedThroughput",
                        (Consumer<ObjectNode>) r -> {
                            table(r).remove("BillingMode");
                            table(r).remove("ProvisionedThroughput");
                        },
                        INVALID + "ReadCapacityUnits and WriteCapacityUnits must both be specified when"
                                + " BillingMode is PROVISIONED"),
                arguments(
                        "capacity out of bounds",
                        (Consumer<ObjectNode>) r -> ((ObjectNode) table(r).get("ProvisionedThroughput"))
                                .put("ReadCapacityUnits", 1_000_000_000_001L),
                        "Given value 1000000000001 for ReadCapacityUnits is out of bounds"),
                arguments(
                        "OnDemandThroughput with PROVISIONED",
                        (Consumer<ObjectNode>)
                                r -> table(r).putObject("OnDemandThroughput").put("MaxWriteRequestUnits", 5),
                        INVALID + "MaxWriteRequestUnits for OnDemandThroughput cannot be specified when the table"
                                + " BillingMode is PROVISIONED"),
                arguments(
                        "OnDemandThroughput out of range",
                        (Consumer<ObjectNode>) r -> {
                            onDemand(r);
                            table(r).putObject("OnDemandThroughput").put("MaxReadRequestUnits", 0);
                        },
                        INVALID + "Requested MaxReadRequestUnits for OnDemandThroughput for table is outside of"
                                + " valid range"),
                arguments(
                        "SSEType with encryption disabled",
                        (Consumer<ObjectNode>) r -> table(r).putObject("SSESpecification")
                                .put("Enabled", false)
                                .put("SSEType", "KMS"),
                        INVALID + "SSEType can not be specified if Enabled is false"),
                arguments(
                        "KMS key with encryption disabled",
                        (Consumer<ObjectNode>) r -> table(r).putObject("SSESpecification")
                                .put("Enabled", false)
                                .put("KMSMasterKeyId", "k"),
                        INVALID + "KMSMasterKeyId can not be specified if Enabled is false"),
                arguments(
                        "AES256",
                        (Consumer<ObjectNode>) r -> table(r).putObject("SSESpecification")
                                .put("Enabled", true)
                                .put("SSEType", "AES256"),
                        INVALID + "SSEType AES256 is not supported"),
                arguments(
                        "KMS key without SSEType KMS",
                        (Consumer<ObjectNode>) r -> table(r).putObject("SSESpecification")
                                .put("Enabled", true)
                                .put("KMSMasterKeyId", "k"),
                        INVALID + "SSEType KMS is required if KMSMasterKeyId is specified"),
                arguments(
                        "duplicated attribute definition",
                        (Consumer<ObjectNode>) r -> definitions(r)
                                .addObject()
                                .put("AttributeName", "pk")
                                .put("AttributeType", "S"),
                        "Attribute Name is duplicated: pk"),
                arguments(
                        "more keys than definitions",
                        (Consumer<ObjectNode>) r -> {
                            table(r).remove("GlobalSecondaryIndexes");
                            definitions(r).remove(2);
                            definitions(r).remove(1);
                        },
                        "Invalid KeySchema: Some index key attribute have no definition"),
                arguments(
                        "table key without definition",
                        (Consumer<ObjectNode>) r -> ((ObjectNode) keySchema(r).get(1)).put("AttributeName", "x"),
                        INVALID + "Some index key attributes are not defined in AttributeDefinitions."
                                + " Keys: [pk, x], AttributeDefinitions: [pk, sk, g]"),
                arguments(
                        "hash and range of the same name",
                        (Consumer<ObjectNode>) r -> ((ObjectNode) keySchema(r).get(1)).put("AttributeName", "pk"),
                        "Both the Hash Key and the Range Key element in the KeySchema have the same name"),
                arguments(
                        "first key not HASH",
                        (Consumer<ObjectNode>) r -> ((ObjectNode) keySchema(r).get(0)).put("KeyType", "RANGE"),
                        "Invalid KeySchema: The first KeySchemaElement is not a HASH key type"),
                arguments(
                        "second key not RANGE",
                        (Consumer<ObjectNode>) r -> ((ObjectNode) keySchema(r).get(1)).put("KeyType", "HASH"),
                        "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type"),
                arguments(
                        "unused definition without indexes",
                        (Consumer<ObjectNode>) r -> table(r).remove("GlobalSecondaryIndexes"),
                        INVALID + "Number of attributes in KeySchema does not exactly match number of attributes"
                                + " defined in AttributeDefinitions"),
                arguments(
                        "unused definition with indexes",
                        (Consumer<ObjectNode>) r -> definitions(r)
                                .addObject()
                                .put("AttributeName", "extra")
                                .put("AttributeType", "S"),
                        INVALID + "Some AttributeDefinitions are not used. AttributeDefinitions: [pk, sk, g, extra],"
                                + " keys used: [pk, sk, g]"),
                arguments(
                        "empty index list",
                        (Consumer<ObjectNode>) r -> table(r).putArray("GlobalSecondaryIndexes"),
                        INVALID + "List of GlobalSecondaryIndexes is empty"),
                arguments(
                        "index key without definition",
                        (Consumer<ObjectNode>)
                                r -> ((ObjectNode) index(r).get("KeySchema").get(0)).put("AttributeName", "missing"),
                        INVALID + "Some index key attributes are not defined in AttributeDefinitions."
                                + " Keys: [missing], AttributeDefinitions: [pk, sk, g]"),
                arguments(
                        "index first key not HASH",
                        (Consumer<ObjectNode>)
                                r -> ((ObjectNode) index(r).get("KeySchema").get(0)).put("KeyType", "RANGE"),
                        "Invalid KeySchema: The first KeySchemaElement is not a HASH key type"),
                arguments(
                        "index without ProjectionType",
                        (Consumer<ObjectNode>) r -> index(r).putObject("Projection"),
                        INVALID + "Unknown ProjectionType: null"),
                arguments(
                        "NonKeyAttributes with ALL",
                        (Consumer<ObjectNode>) r -> ((ObjectNode) index(r).get("Projection"))
                                .putArray("NonKeyAttributes")
                                .add("note"),
                        INVALID + "ProjectionType is ALL, but NonKeyAttributes is specified"),
                arguments(
                        "NonKeyAttributes with KEYS_ONLY",
                        (Consumer<ObjectNode>) r -> {
                            ObjectNode projection = index(r).putObject("Projection");
                            projection.put("ProjectionType", "KEYS_ONLY");
                            projection.putArray("NonKeyAttributes").add("note");
                        },
                        INVALID + "ProjectionType is KEYS_ONLY, but NonKeyAttributes is specified"),
                arguments(
                        "INCLUDE without NonKeyAttributes",
                        (Consumer<ObjectNode>)
                                r -> index(r).putObject("Projection").put("ProjectionType", "INCLUDE"),
                        INVALID + "ProjectionType is INCLUDE, but NonKeyAttributes is not specified"),
                arguments(
                        "index throughput with PAY_PER_REQUEST",
                        (Consumer<ObjectNode>) r -> {
                            onDemand(r);
                            index(r).putObject("ProvisionedThroughput")
                                    .put("ReadCapacityUnits", 1)
                                    .put("WriteCapacityUnits", 1);
                        },
                        INVALID + "ProvisionedThroughput should not be specified for index: byG when BillingMode is"
                                + " PAY_PER_REQUEST"),
                arguments(
                        "index without throughput when PROVISIONED",
                        (Consumer<ObjectNode>) r -> index(r).remove("ProvisionedThroughput"),
                        INVALID + "ProvisionedThroughput is not specified for index: byG"),
                arguments(
                        "duplicate index name",
                        (Consumer<ObjectNode>) r -> indexes(r).add(index(r).deepCopy()),
                        INVALID + "Duplicate index name: byG"),
                arguments(
                        "more than twenty indexes",
                        (Consumer<ObjectNode>) r -> {
                            ObjectNode template = index(r).deepCopy();
                            for (int i = 1; i <= 20; i++) {
                                indexes(r).add(template.deepCopy().put("IndexName", "byG" + i));
                            }
                        },
                        INVALID + "GlobalSecondaryIndex count exceeds the per-table limit of 20"));
    }

    @Test
    void shouldStillAcceptTheValidRequestAfterRejectingOthers() {
        assertRejected(r -> r.put("InputFormat", "XML"), null);
        assertDoesNotThrow(() -> RequestValidator.validate(RequestFixtures.valid()));
    }

    private static void assertRejected(Consumer<ObjectNode> change, String message) {
        ImportTableRequest request = RequestFixtures.changed(change);
        ValidationException e = assertThrows(ValidationException.class, () -> RequestValidator.validate(request));
        if (message != null) {
            assertEquals(message, e.getMessage());
        }
    }
}
