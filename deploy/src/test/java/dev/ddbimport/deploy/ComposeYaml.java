package dev.ddbimport.deploy;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a YAML file into a Jackson tree the way compose reads it: anchors, aliases and merge keys
 * ({@code <<: *anchor}) resolved. Jackson's own tree reader leaves an alias as its name and a merge key
 * as a field called {@code <<}, so the file's {@code x-transform} anchor would be invisible to the tests.
 */
final class ComposeYaml {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String MERGE_KEY = "<<";

    private final Map<String, JsonNode> anchors = new HashMap<>();

    private ComposeYaml() {}

    static JsonNode read(Path file) throws IOException {
        try (YAMLParser parser = new YAMLFactory().createParser(file.toFile())) {
            return read(parser, file.toString());
        }
    }

    /** Reads YAML text, e.g. what {@code compose config} prints. */
    static JsonNode read(String yaml) throws IOException {
        try (YAMLParser parser = new YAMLFactory().createParser(yaml)) {
            return read(parser, "the YAML text");
        }
    }

    private static JsonNode read(YAMLParser parser, String origin) throws IOException {
        if (parser.nextToken() == null) {
            throw new IOException(origin + " is empty");
        }
        return new ComposeYaml().value(parser, origin);
    }

    private JsonNode value(YAMLParser parser, String origin) throws IOException {
        // the anchor belongs to the token that opens the node: read it before the children move on
        String anchor = parser.getCurrentAnchor();
        JsonNode node = switch (parser.currentToken()) {
            case START_OBJECT -> object(parser, origin);
            case START_ARRAY -> array(parser, origin);
            case VALUE_STRING ->
                parser.isCurrentAlias() ? alias(parser.getText(), origin) : NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> NODES.numberNode(parser.getBigIntegerValue());
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDecimalValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default ->
                throw new IOException(
                        "Unexpected " + parser.currentToken() + " in " + origin + " at " + parser.currentLocation());
        };
        if (anchor != null) {
            anchors.put(anchor, node);
        }
        return node;
    }

    private ObjectNode object(YAMLParser parser, String origin) throws IOException {
        ObjectNode explicit = NODES.objectNode();
        List<ObjectNode> merged = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_OBJECT) {
            String name = parser.currentName();
            parser.nextToken();
            JsonNode value = value(parser, origin);
            if (MERGE_KEY.equals(name)) {
                merged.addAll(mergeSources(value, origin));
            } else {
                explicit.set(name, value);
            }
        }
        // YAML merge: the mapping's own keys win, then the merged mappings in their order
        for (ObjectNode source : merged) {
            source.properties().forEach(field -> {
                if (!explicit.has(field.getKey())) {
                    explicit.set(field.getKey(), field.getValue().deepCopy());
                }
            });
        }
        return explicit;
    }

    private static List<ObjectNode> mergeSources(JsonNode value, String origin) throws IOException {
        List<ObjectNode> sources = new ArrayList<>();
        if (value.isObject()) {
            sources.add((ObjectNode) value);
        } else if (value.isArray()) {
            for (JsonNode each : value) {
                if (!each.isObject()) {
                    throw new IOException("A merge key in " + origin + " lists a non-mapping: " + each);
                }
                sources.add((ObjectNode) each);
            }
        } else {
            throw new IOException("A merge key in " + origin + " refers to a non-mapping: " + value);
        }
        return sources;
    }

    private ArrayNode array(YAMLParser parser, String origin) throws IOException {
        ArrayNode array = NODES.arrayNode();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            array.add(value(parser, origin));
        }
        return array;
    }

    private JsonNode alias(String name, String origin) throws IOException {
        JsonNode target = anchors.get(name);
        if (target == null) {
            throw new IOException("Alias *" + name + " in " + origin + " has no anchor &" + name + " before it");
        }
        return target.deepCopy();
    }

    /** A sequence's items as text; empty when the node is missing. */
    static List<String> strings(JsonNode sequence) {
        List<String> values = new ArrayList<>();
        sequence.forEach(v -> values.add(v.asText()));
        return values;
    }
}
