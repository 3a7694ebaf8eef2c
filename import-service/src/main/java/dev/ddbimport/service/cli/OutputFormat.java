package dev.ddbimport.service.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The AWS CLI's {@code --output} formats for a response: {@code json} (indented, times as ISO 8601
 * like the AWS CLI v2), {@code text} (tab-separated, one line per object, its name in capitals) and
 * {@code table} (a boxed two-column table of every value by its path).
 */
enum OutputFormat {
    json,
    text,
    table;

    private static final Set<String> TIME_MEMBERS = Set.of("StartTime", "EndTime", "CreationDateTime");
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern(
                    "yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    String render(JsonNode response) {
        JsonNode shown = withIsoTimes(response.deepCopy());
        return switch (this) {
            case json -> pretty(shown);
            case text -> text(shown);
            case table -> table(shown);
        };
    }

    static String pretty(JsonNode node) {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("    ", "\n"))
                .withArrayIndenter(new DefaultIndenter("    ", "\n"));
        try {
            return MAPPER.writer(printer).writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode withIsoTimes(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            List<String> times = new ArrayList<>();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                if (TIME_MEMBERS.contains(f.getKey()) && f.getValue().isNumber()) {
                    times.add(f.getKey());
                } else {
                    withIsoTimes(f.getValue());
                }
            }
            for (String name : times) {
                object.put(name, isoTime(object.get(name).decimalValue()));
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(OutputFormat::withIsoTimes);
        }
        return node;
    }

    static String isoTime(BigDecimal epochSeconds) {
        long micros = epochSeconds.movePointRight(6).longValue();
        return ISO.format(
                Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000));
    }

    private static String text(JsonNode response) {
        StringBuilder out = new StringBuilder();
        response.fields().forEachRemaining(f -> textOf(out, f.getKey(), f.getValue()));
        return out.toString();
    }

    private static void textOf(StringBuilder out, String name, JsonNode value) {
        if (value.isArray()) {
            for (JsonNode element : value) {
                if (element.isContainerNode()) {
                    textOf(out, name, element);
                } else {
                    out.append(name.toUpperCase(Locale.ROOT))
                            .append('\t')
                            .append(element.asText())
                            .append('\n');
                }
            }
            return;
        }
        if (!value.isObject()) {
            out.append(value.asText()).append('\n');
            return;
        }
        List<String> scalars = new ArrayList<>();
        List<Map.Entry<String, JsonNode>> nested = new ArrayList<>();
        value.fields().forEachRemaining(f -> {
            if (f.getValue().isContainerNode()) {
                nested.add(f);
            } else {
                scalars.add(f.getValue().asText());
            }
        });
        if (!scalars.isEmpty()) {
            out.append(name.toUpperCase(Locale.ROOT))
                    .append('\t')
                    .append(String.join("\t", scalars))
                    .append('\n');
        }
        nested.forEach(f -> textOf(out, f.getKey(), f.getValue()));
    }

    private static String table(JsonNode response) {
        List<String[]> rows = new ArrayList<>();
        flatten("", response, rows);
        int keyWidth = 3;
        int valueWidth = 5;
        for (String[] row : rows) {
            keyWidth = Math.max(keyWidth, row[0].length());
            valueWidth = Math.max(valueWidth, row[1].length());
        }
        String rule = "+" + "-".repeat(keyWidth + 2) + "+" + "-".repeat(valueWidth + 2) + "+\n";
        StringBuilder out = new StringBuilder(rule);
        out.append(String.format(Locale.ROOT, "| %-" + keyWidth + "s | %-" + valueWidth + "s |%n", "Key", "Value"));
        out.append(rule);
        for (String[] row : rows) {
            out.append(String.format(Locale.ROOT, "| %-" + keyWidth + "s | %-" + valueWidth + "s |%n", row[0], row[1]));
        }
        return out.append(rule).toString();
    }

    private static void flatten(String path, JsonNode node, List<String[]> rows) {
        if (node.isObject()) {
            node.fields()
                    .forEachRemaining(
                            f -> flatten(path.isEmpty() ? f.getKey() : path + "." + f.getKey(), f.getValue(), rows));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(path + "[" + i + "]", node.get(i), rows);
            }
        } else {
            rows.add(new String[] {path, node.asText().replace("\n", "\\n")});
        }
    }
}
