package dev.ddbimport.core.item;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ddbimport.core.validate.KeySchema;
import dev.ddbimport.core.validate.ScalarType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The byte formats items and their keys travel in between pipeline stages.
 *
 * <p><b>Item record</b> ({@link #encode}/{@link #decode}): a compact binary form, written and read
 * only by this pipeline. Varints are unsigned LEB128 and below 2^31.
 *
 * <pre>
 *   record    = version (1 byte, 0x01) | attribute count (varint) | count x (name | value)
 *   name      = string
 *   value     = type tag (1 byte) | payload
 *   string    = header (varint: length &lt;&lt; 1 | form) | payload
 *               form 0: length bytes of well-formed UTF-8
 *               form 1: length UTF-16 code units, 2 bytes each, big-endian (only for text holding
 *                       a lone surrogate, which UTF-8 cannot carry)
 *   tag  1 S    string            tag  6 L    count (varint) | count x value
 *   tag  2 N    string (its text) tag  7 M    count (varint) | count x (name | value)
 *   tag  3 B    length (varint) | bytes      tag  8 SS   count (varint) | count x string
 *   tag  4 BOOL 1 byte: 0 or 1    tag  9 NS   count (varint) | count x string
 *   tag  5 NULL nothing           tag 10 BS   count (varint) | count x (length (varint) | bytes)
 * </pre>
 *
 * Attributes, map entries and set elements keep the item's order; numbers keep their input text.
 * Why not DynamoDB JSON: a JSON writer has to escape every string and base64 every binary, and the
 * reader has to undo it; this form copies strings as the bytes they were read as (see {@link
 * AttrValue.S}). Encoding was a third of the per-record CPU time of the one-core
 * parse-validate-encode benchmark as JSON and is under a tenth now. Use {@code
 * DynamoJsonItemWriter} where DynamoDB JSON is wanted.
 *
 * <p><b>Key bytes</b> ({@link #keyBytes}): the table's partition key, then its sort key if it has
 * one, each written as
 *
 * <pre>
 *   type tag (1 byte: 'S', 'N' or 'B') | payload length (unsigned LEB128 varint) | payload
 * </pre>
 *
 * where the payload is the string's UTF-8, the number's {@link DynamoNumber#canonical()} text
 * (ASCII) or the raw binary. The canonical number text makes equal numbers give equal bytes however
 * they were spelled; the tag keeps {@code S "1"} apart from {@code N 1}; the length prefix keeps
 * ("ab","c") apart from ("a","bc"). Attribute names are not part of the key bytes: they are fixed per
 * table. {@link #keyText} turns key bytes back into readable text for logs and dead letters.
 */
public final class ItemCodec {

    // public for encoders that write item records straight from input bytes (format.Fused*)
    public static final byte RECORD_VERSION = 1;
    public static final byte TAG_S = 1;
    public static final byte TAG_N = 2;
    public static final byte TAG_B = 3;
    public static final byte TAG_BOOL = 4;
    public static final byte TAG_NULL = 5;
    public static final byte TAG_L = 6;
    public static final byte TAG_M = 7;
    public static final byte TAG_SS = 8;
    public static final byte TAG_NS = 9;
    public static final byte TAG_BS = 10;

    /** A string header holds its length shifted left by one; this keeps it a positive int. */
    public static final int MAX_STRING_UNITS = Integer.MAX_VALUE >>> 1;

    // the writer's first capacity, from the attribute count: growing it costs a copy
    private static final int TYPICAL_ATTRIBUTE_BYTES = 40;
    private static final int MAX_FIRST_CAPACITY = 64 * 1024;

    private ItemCodec() {}

    /**
     * The item as an item record (see the class comment).
     *
     * @throws IllegalArgumentException only for an item too large for any record (over 2 GB)
     */
    public static byte[] encode(Item item) {
        ItemRecordWriter writer = new ItemRecordWriter((int) Math.min(
                MAX_FIRST_CAPACITY,
                16 + (long) TYPICAL_ATTRIBUTE_BYTES * item.attributes().size()));
        writer.writeItem(item);
        return writer.toByteArray();
    }

    /**
     * Reads an item record written by {@link #encode}.
     *
     * @throws IllegalArgumentException when {@code bytes} is not an item record; records are written
     *     by this pipeline, so that means a bug or a topic holding something else
     */
    public static Item decode(byte[] bytes) {
        return new ItemRecordReader(bytes).readItem();
    }

    /**
     * The table's primary key of {@code item} as canonical bytes (see the class comment).
     *
     * @throws IllegalArgumentException when a key attribute is missing, has another type than the
     *     schema declares or holds an invalid number: callers pass validated items only
     */
    public static byte[] keyBytes(Item item, KeySchema schema) {
        byte[] partition = keyPayload(item, schema.partitionKey());
        byte[] sort = schema.sortKey() == null ? null : keyPayload(item, schema.sortKey());
        int size = componentSize(partition) + (sort == null ? 0 : componentSize(sort));
        byte[] out = new byte[size];
        int pos = writeComponent(out, 0, schema.partitionKey().type(), partition);
        if (sort != null) {
            writeComponent(out, pos, schema.sortKey().type(), sort);
        }
        return out;
    }

    /**
     * Key bytes as readable text: a JSON array of the key's AttributeValues in key order, e.g.
     * {@code [{"S":"user#1"},{"N":"42"}]}.
     *
     * @throws IllegalArgumentException when {@code keyBytes} did not come from {@link #keyBytes}
     */
    public static String keyText(byte[] keyBytes) {
        List<AttrValue> values = new ArrayList<>(2);
        int pos = 0;
        while (pos < keyBytes.length) {
            byte tag = keyBytes[pos++];
            long length = 0;
            int shift = 0;
            while (true) {
                if (pos >= keyBytes.length || shift > 28) {
                    throw new IllegalArgumentException("Not key bytes: truncated length at byte " + pos);
                }
                byte b = keyBytes[pos++];
                length |= (long) (b & 0x7F) << shift;
                shift += 7;
                if ((b & 0x80) == 0) {
                    break;
                }
            }
            if (length > keyBytes.length - pos) {
                throw new IllegalArgumentException("Not key bytes: a component of " + length + " bytes at byte " + pos
                        + " runs past the end (" + keyBytes.length + " bytes)");
            }
            int end = pos + (int) length;
            values.add(
                    switch (tag) {
                        case 'S' -> new AttrValue.S(new String(keyBytes, pos, end - pos, StandardCharsets.UTF_8));
                        case 'N' -> new AttrValue.N(new String(keyBytes, pos, end - pos, StandardCharsets.US_ASCII));
                        case 'B' -> new AttrValue.B(Arrays.copyOfRange(keyBytes, pos, end));
                        default ->
                            throw new IllegalArgumentException("Not key bytes: unknown type tag 0x"
                                    + Integer.toHexString(tag & 0xFF) + " at byte " + (pos - 1));
                    });
            pos = end;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(keyBytes.length + 32);
        try (JsonGenerator g = AttrValueJsonWriter.createGenerator(out)) {
            g.writeStartArray();
            for (AttrValue v : values) {
                AttrValueJsonWriter.writeValue(g, v);
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not render key bytes: " + e.getMessage(), e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static byte[] keyPayload(Item item, KeySchema.KeyAttribute key) {
        AttrValue value = item.get(key.name());
        if (value == null) {
            throw new IllegalArgumentException(
                    "Item has no key attribute " + key.name() + "; only validated items have key bytes");
        }
        ScalarType type = key.type();
        if (type == ScalarType.S && value instanceof AttrValue.S s) {
            return s.utf8();
        }
        if (type == ScalarType.N && value instanceof AttrValue.N n) {
            byte[] plain = plainIntegerBytes(n.value());
            if (plain != null) {
                return plain;
            }
            try {
                return DynamoNumber.parse(n.value()).canonical().getBytes(StandardCharsets.US_ASCII);
            } catch (DynamoNumber.InvalidNumberException e) {
                throw new IllegalArgumentException(
                        "Key attribute " + key.name() + " holds an invalid number: " + e.getMessage(), e);
            }
        }
        if (type == ScalarType.B && value instanceof AttrValue.B b) {
            return b.value();
        }
        throw new IllegalArgumentException("Key attribute " + key.name() + " is " + value.type() + ", the schema says "
                + type + "; only validated items have key bytes");
    }

    /**
     * The text's bytes when it is already canonical and valid: an integer without leading zeros,
     * optionally negative but not "-0", of at most 38 digits (so within range and precision). Null
     * otherwise. Sort keys are mostly such integers; this spares them a parse and two copies.
     */
    private static byte[] plainIntegerBytes(String text) {
        int n = text.length();
        int first = n > 0 && text.charAt(0) == '-' ? 1 : 0;
        int digits = n - first;
        if (digits == 0 || digits > DynamoNumber.MAX_SIGNIFICANT_DIGITS) {
            return null;
        }
        char lead = text.charAt(first);
        if (lead == '0' && (digits > 1 || first == 1)) {
            return null;
        }
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (i >= first && (c < '0' || c > '9')) {
                return null;
            }
            out[i] = (byte) c;
        }
        return out;
    }

    private static int componentSize(byte[] payload) {
        return 1 + varintSize(payload.length) + payload.length;
    }

    private static int varintSize(int value) {
        int size = 1;
        while ((value >>>= 7) != 0) {
            size++;
        }
        return size;
    }

    private static int writeComponent(byte[] out, int pos, ScalarType type, byte[] payload) {
        out[pos++] = (byte) type.name().charAt(0);
        int length = payload.length;
        while ((length & ~0x7F) != 0) {
            out[pos++] = (byte) ((length & 0x7F) | 0x80);
            length >>>= 7;
        }
        out[pos++] = (byte) length;
        System.arraycopy(payload, 0, out, pos, payload.length);
        return pos + payload.length;
    }

    static String notARecord(String why) {
        return "Not an item record (" + why + "); item records are written by ItemCodec.encode";
    }
}
