package dev.ddbimport.service.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** SDK items as DynamoDB JSON ({@code {"Id":{"N":"1"}}}), attributes sorted by name, for printing. */
final class DynamoJsonItems {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DynamoJsonItems() {}

    static ObjectNode item(Map<String, AttributeValue> item) {
        ObjectNode node = MAPPER.createObjectNode();
        new TreeMap<>(item).forEach((name, value) -> node.set(name, value(value)));
        return node;
    }

    private static ObjectNode value(AttributeValue v) {
        ObjectNode node = MAPPER.createObjectNode();
        switch (v.type()) {
            case S -> node.put("S", v.s());
            case N -> node.put("N", v.n());
            case B -> node.put("B", Base64.getEncoder().encodeToString(v.b().asByteArray()));
            case BOOL -> node.put("BOOL", v.bool());
            case NUL -> node.put("NULL", true);
            case SS -> v.ss().forEach(node.putArray("SS")::add);
            case NS -> v.ns().forEach(node.putArray("NS")::add);
            case BS -> {
                ArrayNode bs = node.putArray("BS");
                v.bs().forEach(b -> bs.add(Base64.getEncoder().encodeToString(b.asByteArray())));
            }
            case L -> {
                ArrayNode l = node.putArray("L");
                v.l().forEach(x -> l.add(value(x)));
            }
            case M -> node.set("M", item(v.m()));
            default -> node.put("?", v.toString());
        }
        return node;
    }
}
