package dev.ddbimport.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * CSV options: the delimiter (one character; absent means ',') and an optional header list that
 * makes every object's first line data instead of a header.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CsvOptions(
        @JsonProperty("Delimiter") String delimiter,
        @JsonProperty("HeaderList") List<String> headerList) {

    public CsvOptions {
        headerList = ModelLists.copy(headerList);
    }
}
