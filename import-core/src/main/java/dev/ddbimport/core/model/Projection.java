package dev.ddbimport.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** What a global secondary index copies; NonKeyAttributes only with ProjectionType INCLUDE. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Projection(
        @JsonProperty("ProjectionType") String projectionType,
        @JsonProperty("NonKeyAttributes") List<String> nonKeyAttributes) {

    public Projection {
        nonKeyAttributes = ModelLists.copy(nonKeyAttributes);
    }
}
