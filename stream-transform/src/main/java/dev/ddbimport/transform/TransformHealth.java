package dev.ddbimport.transform;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;

/**
 * What {@code /health} answers: healthy when the registry reader is alive and no import's KafkaStreams
 * is in ERROR (or failed to start).
 *
 * @param healthy true when nothing below is broken
 * @param registry the registry reader: {@code WAITING_FOR_TOPIC}, {@code CATCHING_UP}, {@code READING},
 *     {@code FAILED: <why>} or {@code CLOSED}
 * @param imports every IN_PROGRESS import on this instance, by import id
 * @param unhealthy the ids of the imports that are broken
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TransformHealth(
        boolean healthy, String registry, Map<String, ImportState> imports, List<String> unhealthy) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One import on this instance.
     *
     * @param state a KafkaStreams state ({@code CREATED}, {@code REBALANCING}, {@code RUNNING}, {@code
     *     ERROR}, ...), or {@code WAITING_FOR_TOPIC} before the chunks topic exists, or {@code
     *     FAILED_TO_START}
     * @param error why it is broken, else null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ImportState(String state, String error) {}

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the health report as JSON", e);
        }
    }
}
