package dev.ddbimport.core.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ddbimport.core.model.ImportDefinition;
import dev.ddbimport.core.model.ModelJson;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The value of one import's record on the registry topic ({@link ImportTopics#REGISTRY_TOPIC},
 * compacted, key = import id as UTF-8). The control plane writes it; every stage reads it to learn
 * which imports to run. A stage runs an import while its status is {@link ImportStatus#IN_PROGRESS}
 * and drops the import's local state when the status leaves it or the key is deleted (a tombstone).
 * Unknown members are ignored so that the control plane can add members without breaking readers.
 *
 * @param definition what to import
 * @param status where the import stands
 * @param failureCode DescribeImport's FailureCode when FAILED, else null
 * @param failureMessage DescribeImport's FailureMessage when FAILED, else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImportRegistryEntry(
        @JsonProperty("Definition") ImportDefinition definition,
        @JsonProperty("ImportStatus") ImportStatus status,
        @JsonProperty("FailureCode") String failureCode,
        @JsonProperty("FailureMessage") String failureMessage) {

    public ImportRegistryEntry {
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(status, "status");
    }

    /** A new entry for an import that has just been accepted. */
    public static ImportRegistryEntry inProgress(ImportDefinition definition) {
        return new ImportRegistryEntry(definition, ImportStatus.IN_PROGRESS, null, null);
    }

    /** The same import in another status. */
    public ImportRegistryEntry withStatus(ImportStatus newStatus, String code, String message) {
        return new ImportRegistryEntry(definition, newStatus, code, message);
    }

    /** The import id: the definition's ImportId, else the last segment of its ARN. */
    public String importId() {
        return importIdOf(definition);
    }

    /** The import id of {@code definition}: its ImportId, else the last segment of its ARN. */
    public static String importIdOf(ImportDefinition definition) {
        String id = definition.importId();
        if (id != null) {
            return id;
        }
        String arn = definition.importArn();
        return arn.substring(arn.lastIndexOf('/') + 1);
    }

    public byte[] toJson() {
        return ModelJson.write(this).getBytes(StandardCharsets.UTF_8);
    }

    /** @throws dev.ddbimport.core.model.SerializationException when the bytes are not an entry */
    public static ImportRegistryEntry fromJson(byte[] json) {
        return ModelJson.read(json, ImportRegistryEntry.class);
    }
}
