package dev.ddbimport.core.item;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * Writes {@link AttrValue}s as compact marshalled DynamoDB JSON, the inverse of {@link
 * AttrValueJsonReader}: strings and number text verbatim, binary as padded standard base64.
 */
public final class AttrValueJsonWriter {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            // characters outside the BMP as UTF-8, not as two \\u escapes: shorter and readable
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();

    private AttrValueJsonWriter() {}

    public static JsonGenerator createGenerator(OutputStream out) throws IOException {
        return FACTORY.createGenerator(out);
    }

    public static void writeAttributes(JsonGenerator g, Map<String, AttrValue> attributes) throws IOException {
        g.writeStartObject();
        for (Map.Entry<String, AttrValue> e : attributes.entrySet()) {
            g.writeFieldName(e.getKey());
            writeValue(g, e.getValue());
        }
        g.writeEndObject();
    }

    public static void writeValue(JsonGenerator g, AttrValue value) throws IOException {
        g.writeStartObject();
        g.writeFieldName(value.type());
        // instanceof chain: pattern matching for switch is not final in Java 17
        if (value instanceof AttrValue.S s) {
            g.writeString(s.value());
        } else if (value instanceof AttrValue.N n) {
            g.writeString(n.value());
        } else if (value instanceof AttrValue.M m) {
            writeAttributes(g, m.values());
        } else if (value instanceof AttrValue.L l) {
            g.writeStartArray();
            for (AttrValue element : l.values()) {
                writeValue(g, element);
            }
            g.writeEndArray();
        } else if (value instanceof AttrValue.B b) {
            g.writeBinary(b.value());
        } else if (value instanceof AttrValue.Bool b) {
            g.writeBoolean(b.value());
        } else if (value instanceof AttrValue.Null) {
            g.writeBoolean(true);
        } else if (value instanceof AttrValue.SS ss) {
            writeStrings(g, ss.values());
        } else if (value instanceof AttrValue.NS ns) {
            writeStrings(g, ns.values());
        } else if (value instanceof AttrValue.BS bs) {
            g.writeStartArray();
            for (byte[] element : bs.values()) {
                g.writeBinary(element);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void writeStrings(JsonGenerator g, List<String> values) throws IOException {
        g.writeStartArray();
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }
}
