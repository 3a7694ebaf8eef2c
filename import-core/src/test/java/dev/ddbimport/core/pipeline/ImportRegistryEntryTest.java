package dev.ddbimport.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbimport.core.model.ImportDefinition;
import dev.ddbimport.core.model.ModelJson;
import dev.ddbimport.core.model.SerializationException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImportRegistryEntryTest {

    private static JsonNode tree(byte[] json) throws Exception {
        return ModelJson.mapper().readTree(json);
    }

    @Test
    void shouldRoundTripThroughJsonWithAwsMemberNames() throws Exception {
        ImportRegistryEntry entry = ImportRegistryEntry.inProgress(
                        PipelineFixtures.definition(PipelineFixtures.IMPORT_ID))
                .withStatus(ImportStatus.FAILED, "ItemValidationError", "Some of the items failed validation checks");

        byte[] json = entry.toJson();

        JsonNode tree = tree(json);
        List<String> names = new ArrayList<>();
        tree.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("Definition", "ImportStatus", "FailureCode", "FailureMessage"), names);
        assertEquals("FAILED", tree.get("ImportStatus").asText());
        assertEquals(
                PipelineFixtures.ARN, tree.get("Definition").get("ImportArn").asText());
        assertEquals(entry, ImportRegistryEntry.fromJson(json));
    }

    @Test
    void shouldLeaveOutTheFailureMembersWhileInProgress() throws Exception {
        ImportRegistryEntry entry =
                ImportRegistryEntry.inProgress(PipelineFixtures.definition(PipelineFixtures.IMPORT_ID));

        JsonNode tree = tree(entry.toJson());

        assertEquals("IN_PROGRESS", tree.get("ImportStatus").asText());
        assertFalse(tree.has("FailureCode"));
        assertFalse(tree.has("FailureMessage"));
        assertTrue(ImportRegistryEntry.fromJson(entry.toJson()).status().running());
    }

    @Test
    void shouldKeepTheDefinitionWhenTheStatusChanges() {
        ImportDefinition definition = PipelineFixtures.definition(PipelineFixtures.IMPORT_ID);

        ImportRegistryEntry completed =
                ImportRegistryEntry.inProgress(definition).withStatus(ImportStatus.COMPLETED, null, null);

        assertEquals(definition, completed.definition());
        assertEquals(ImportStatus.COMPLETED, completed.status());
        assertFalse(completed.status().running());
        assertNull(completed.failureCode());
    }

    @Test
    void shouldIgnoreUnknownMembersSoTheControlPlaneCanAddSome() throws Exception {
        ImportRegistryEntry entry =
                ImportRegistryEntry.inProgress(PipelineFixtures.definition(PipelineFixtures.IMPORT_ID));
        ObjectNode tree = (ObjectNode) tree(entry.toJson());
        tree.put("StartTime", 1700000000.5);
        tree.putObject("SomethingNew").put("a", 1);

        ImportRegistryEntry read =
                ImportRegistryEntry.fromJson(ModelJson.write(tree).getBytes(StandardCharsets.UTF_8));

        assertEquals(entry, read);
    }

    @Test
    void shouldTakeTheImportIdFromTheDefinitionOrElseFromTheArn() {
        assertEquals(
                "explicit-id",
                ImportRegistryEntry.inProgress(PipelineFixtures.definition("explicit-id"))
                        .importId());
        assertEquals(
                PipelineFixtures.IMPORT_ID,
                ImportRegistryEntry.inProgress(PipelineFixtures.definition(null))
                        .importId());
    }

    @Test
    void shouldRejectBytesThatAreNotAnEntry() {
        byte[] notJson = "not json".getBytes(StandardCharsets.UTF_8);

        SerializationException e =
                assertThrows(SerializationException.class, () -> ImportRegistryEntry.fromJson(notJson));

        assertTrue(e.getMessage().startsWith("Cannot read ImportRegistryEntry from JSON: "), e.getMessage());
    }

    @Test
    void shouldRejectAnEntryWithoutStatusOrDefinition() throws Exception {
        ObjectNode withoutStatus = (ObjectNode) tree(ImportRegistryEntry.inProgress(PipelineFixtures.definition(null))
                .toJson());
        withoutStatus.remove("ImportStatus");
        byte[] noStatus = ModelJson.write(withoutStatus).getBytes(StandardCharsets.UTF_8);
        byte[] noDefinition = "{\"ImportStatus\":\"IN_PROGRESS\"}".getBytes(StandardCharsets.UTF_8);

        SerializationException status =
                assertThrows(SerializationException.class, () -> ImportRegistryEntry.fromJson(noStatus));
        SerializationException definition =
                assertThrows(SerializationException.class, () -> ImportRegistryEntry.fromJson(noDefinition));

        assertTrue(status.getMessage().contains("status"), status.getMessage());
        assertTrue(definition.getMessage().contains("definition"), definition.getMessage());
    }

    @Test
    void shouldRejectAnUnknownStatus() {
        byte[] json = ("{\"Definition\":" + ModelJson.write(PipelineFixtures.definition(null))
                        + ",\"ImportStatus\":\"PAUSED\"}")
                .getBytes(StandardCharsets.UTF_8);

        assertThrows(SerializationException.class, () -> ImportRegistryEntry.fromJson(json));
    }
}
