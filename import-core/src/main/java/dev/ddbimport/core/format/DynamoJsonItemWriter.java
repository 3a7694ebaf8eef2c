package dev.ddbimport.core.format;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ddbimport.core.item.AttrValueJsonWriter;
import dev.ddbimport.core.item.Item;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes an item as DynamoDB JSON, the inverse of {@link DynamoJsonItemParser}: compact, without
 * whitespace, attributes in the item's order, numbers as their text, binary as padded standard
 * base64. Control characters are escaped, so the output never holds a line break. For demo data,
 * benchmarks, tests and anything a person or JSON tool should read; stages pass items to each other
 * in the binary {@code ItemCodec} form instead.
 */
public final class DynamoJsonItemWriter {

    private static final byte[] LINE_START = {'{', '"', 'I', 't', 'e', 'm', '"', ':'};
    private static final int TYPICAL_LINE_BYTES = 256;

    private DynamoJsonItemWriter() {}

    /**
     * One line of DynamoDB's JSON import format, {@code {"Item":{...}}}, without the line break,
     * e.g. {@code {"Item":{"pk":{"S":"a"},"n":{"N":"1.50"}}}}.
     */
    public static byte[] line(Item item) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(TYPICAL_LINE_BYTES);
        out.writeBytes(LINE_START);
        writeAttributes(out, item);
        out.write('}');
        return out.toByteArray();
    }

    /** The bare attribute map, e.g. {@code {"pk":{"S":"a"},"b":{"B":"aGk="}}}. */
    public static byte[] attributes(Item item) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(TYPICAL_LINE_BYTES);
        writeAttributes(out, item);
        return out.toByteArray();
    }

    private static void writeAttributes(ByteArrayOutputStream out, Item item) {
        try (JsonGenerator g = AttrValueJsonWriter.createGenerator(out)) {
            AttrValueJsonWriter.writeAttributes(g, item.attributes());
        } catch (IOException e) {
            // only the generator itself can fail here (the stream is in memory)
            throw new UncheckedIOException("Could not write an item as DynamoDB JSON: " + e.getMessage(), e);
        }
    }
}
