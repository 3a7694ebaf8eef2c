package dev.ddbimport.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ddbimport.core.validate.KeySchema.KeyAttribute;
import dev.ddbimport.core.validate.ScalarType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImportDefinitionTest {
    private static final String ARN =
            "arn:aws:dynamodb:us-east-1:111122223333:table/Orders/import/01700000000000-0a1b2c3d";

    @Test
    void shouldCarryTheRequestMembersWithTypedAccessors() {
        ImportDefinition definition = ImportDefinition.of(RequestFixtures.valid(), ARN, "01700000000000-0a1b2c3d");

        assertEquals(InputFormat.CSV, definition.inputFormat());
        assertEquals(InputCompressionType.GZIP, definition.compression());
        assertEquals(';', definition.csvDelimiter());
        assertEquals(List.of("pk", "sk", "g", "note"), definition.csvHeaderList());
        assertEquals("Orders", definition.tableName());
        assertEquals(
                new KeyAttribute("sk", ScalarType.N), definition.keySchema().sortKey());
        assertEquals(ImportDefinition.DEFAULT_MAX_RECORD_BYTES, definition.maxRecordBytes());
        assertEquals(1L << 40, definition.maxUncompressedBytesPerObject());
    }

    @Test
    void shouldDefaultCompressionDelimiterAndHeaderWhenTheRequestLeavesThemOut() {
        ImportTableRequest request = RequestFixtures.changed(r -> {
            r.remove("InputCompressionType");
            r.remove("InputFormatOptions");
        });

        ImportDefinition definition = ImportDefinition.of(request, ARN, null);

        assertEquals(InputCompressionType.NONE, definition.compression());
        assertEquals(',', definition.csvDelimiter());
        assertNull(definition.csvHeaderList());
        assertNull(definition.importId());
    }

    @Test
    void shouldTravelAsOneFlatJsonObjectWithAwsMemberNames() throws Exception {
        ImportDefinition definition = ImportDefinition.of(RequestFixtures.valid(), ARN, "01700000000000-0a1b2c3d")
                .withLimits(4096L, null);

        String json = ModelJson.write(definition);
        JsonNode tree = ModelJson.mapper().readTree(json);

        List<String> names = new ArrayList<>();
        tree.fieldNames().forEachRemaining(names::add);
        assertEquals(
                List.of(
                        "ImportArn",
                        "ImportId",
                        "ClientToken",
                        "S3BucketSource",
                        "InputFormat",
                        "InputFormatOptions",
                        "InputCompressionType",
                        "TableCreationParameters",
                        "MaxRecordBytes",
                        "MaxUncompressedBytesPerObject"),
                names);
        JsonNode request = RequestFixtures.validTree();
        for (String member : List.of("S3BucketSource", "InputFormatOptions", "TableCreationParameters")) {
            assertEquals(request.get(member), tree.get(member), member);
        }
        assertEquals(4096, tree.get("MaxRecordBytes").asLong());
        assertEquals(definition, ModelJson.read(json, ImportDefinition.class));
    }

    @Test
    void shouldFillDefaultsWhenReadFromJsonWithoutLimits() {
        String json = ModelJson.write(ImportDefinition.of(RequestFixtures.valid(), ARN, null))
                .replace(",\"MaxRecordBytes\":1048576", "")
                .replace(",\"MaxUncompressedBytesPerObject\":1099511627776", "");
        assertTrue(!json.contains("Max"), json);

        ImportDefinition read = ModelJson.read(json, ImportDefinition.class);

        assertEquals(1L << 20, read.maxRecordBytes());
        assertEquals(1L << 40, read.maxUncompressedBytesPerObject());
    }

    @Test
    void shouldRefuseAnUnvalidatedRequest() {
        ImportTableRequest request = RequestFixtures.changed(r -> r.put("InputFormat", "XML"));

        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ImportDefinition.of(request, ARN, null));
        assertEquals(
                "ImportTable request has InputFormat 'XML'; validate it with RequestValidator before building its"
                        + " ImportDefinition",
                e.getMessage());
    }

    @Test
    void shouldRefuseMissingIdentityAndNonPositiveLimits() {
        ImportTableRequest request = RequestFixtures.valid();
        ImportDefinition definition = ImportDefinition.of(request, ARN, null);

        assertThrows(IllegalArgumentException.class, () -> ImportDefinition.of(request, null, null));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> definition.withLimits(0L, null));
        assertEquals("ImportDefinition MaxRecordBytes must be a positive number of bytes, was 0", e.getMessage());
    }
}
