package dev.ddbimport.core.format;

import dev.ddbimport.core.frame.ByteSearch;
import dev.ddbimport.core.item.AttrValue;
import dev.ddbimport.core.item.AttrValueJsonReader;
import dev.ddbimport.core.item.AttributeMap;
import dev.ddbimport.core.item.Item;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Reads the plain subset of DynamoDB JSON that exports and typical producers write, straight from
 * the bytes and much faster than the Jackson path, and gives up (returns null) on anything else so
 * that {@link DynamoJsonItemParser} reads the record with Jackson instead. It only ever produces
 * items: every rejection, and every input it is unsure of, is left to the Jackson path, which is
 * the reference for all behaviour (a test checks that both agree).
 *
 * <p>The subset: JSON whitespace; one or more objects holding exactly one member, {@code Item};
 * AttributeValues with exactly one known type whose JSON type fits; strings without escapes or
 * control characters (their bytes are kept as they are, after a UTF-8 check); B and BS as standard
 * base64; unique names; values nested at most {@value AttrValueJsonReader#MAX_LEVELS} levels. Not in
 * it (so read by Jackson): escapes, other members next to {@code Item}, {@code NULL:false}, and
 * every kind of malformed or refused input.
 */
final class DynamoJsonFastPathParser {

    private static final long QUOTES = ByteSearch.ONES * '"';
    private static final long BACKSLASHES = ByteSearch.ONES * '\\';
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    // first sizes of an item's attribute map and of a nested map
    private static final int TYPICAL_ATTRIBUTES = 16;
    private static final int TYPICAL_MAP_ENTRIES = 4;

    private final byte[] bytes;
    private final NameCache names;
    private int pos;
    /** Whether the string last read by {@link #stringBody} was all ASCII. */
    private boolean lastAscii;

    private DynamoJsonFastPathParser(byte[] bytes, NameCache names) {
        this.bytes = bytes;
        this.names = names;
    }

    /**
     * Longer records are left to Jackson, whose length limits for names and strings (1M and 20M
     * chars) a shorter record cannot reach.
     */
    private static final int MAX_RECORD_BYTES = 1 << 20;

    /** The record's items, or null when the record is not entirely in the subset. */
    static List<ParseOutcome> tryParse(byte[] record, NameCache names) {
        return record.length > MAX_RECORD_BYTES ? null : new DynamoJsonFastPathParser(record, names).record();
    }

    /** As {@link #tryParse(byte[], NameCache)} with a cache of its own. */
    static List<ParseOutcome> tryParse(byte[] record) {
        return tryParse(record, new NameCache());
    }

    private List<ParseOutcome> record() {
        List<ParseOutcome> outcomes = new ArrayList<>(1);
        while (true) {
            skipWhitespace();
            if (pos == bytes.length) {
                // a blank record gets its (empty) answer from the Jackson path
                return outcomes.isEmpty() ? null : outcomes;
            }
            Item item = itemObject();
            if (item == null) {
                return null;
            }
            outcomes.add(new ParseOutcome.Parsed(item));
        }
    }

    /** {@code {"Item":{...}}} at {@code pos}. */
    private Item itemObject() {
        if (!consume('{') || !consumeItemName() || !colon() || !consume('{')) {
            return null;
        }
        Map<String, AttrValue> attributes = mapEntries(1);
        if (attributes == null || !consume('}')) {
            return null;
        }
        return new Item(attributes);
    }

    private boolean consumeItemName() {
        skipWhitespace();
        int end = pos + 6;
        if (end > bytes.length
                || bytes[pos] != '"'
                || bytes[pos + 1] != 'I'
                || bytes[pos + 2] != 't'
                || bytes[pos + 3] != 'e'
                || bytes[pos + 4] != 'm'
                || bytes[pos + 5] != '"') {
            return false;
        }
        pos = end;
        return true;
    }

    /** The entries of a map whose opening brace is consumed, up to and including its closing brace. */
    private AttributeMap mapEntries(int level) {
        AttributeMap map = new AttributeMap(level == 1 ? TYPICAL_ATTRIBUTES : TYPICAL_MAP_ENTRIES);
        skipWhitespace();
        if (pos < bytes.length && bytes[pos] == '}') {
            pos++;
            return map;
        }
        while (true) {
            skipWhitespace();
            int start = stringBody();
            if (start < 0) {
                return null;
            }
            NameCache.Name name = names.name(bytes, start, pos - 1 - start, lastAscii);
            if (!colon()) {
                return null;
            }
            AttrValue value = attributeValue(level);
            if (value == null || !map.add(name.text(), name.utf8(), value)) {
                return null;
            }
            skipWhitespace();
            if (pos == bytes.length) {
                return null;
            }
            byte b = bytes[pos++];
            if (b == '}') {
                return map;
            }
            if (b != ',') {
                return null;
            }
        }
    }

    /** {@code {"T":value}} at {@code pos} (after whitespace), sitting at {@code level}. */
    private AttrValue attributeValue(int level) {
        if (level > AttrValueJsonReader.MAX_LEVELS || !consume('{')) {
            return null;
        }
        skipWhitespace();
        int start;
        int length;
        byte[] r = bytes;
        if (pos + 3 < r.length && r[pos] == '"' && r[pos + 2] == '"' && isLetter(r[pos + 1])) {
            // a one-letter type such as "S", the most common kind, without the general string scan
            start = pos + 1;
            length = 1;
            pos += 3;
        } else {
            start = stringBody();
            if (start < 0) {
                return null;
            }
            length = pos - 1 - start;
        }
        if (!colon()) {
            return null;
        }
        AttrValue value = typed(start, length, level);
        return value != null && consume('}') ? value : null;
    }

    private AttrValue typed(int typeStart, int typeLength, int level) {
        if (typeLength == 0 || typeLength > 4) {
            return null;
        }
        skipWhitespace();
        byte t0 = bytes[typeStart];
        if (typeLength == 1) {
            return switch (t0) {
                case 'S' -> stringValue();
                case 'N' -> numberValue();
                case 'B' -> binaryValue();
                case 'L' -> listValue(level);
                case 'M' -> consume('{') ? map(mapEntries(level + 1)) : null;
                default -> null;
            };
        }
        byte t1 = bytes[typeStart + 1];
        if (typeLength == 2 && t1 == 'S') {
            return switch (t0) {
                case 'S' -> strings(false);
                case 'N' -> strings(true);
                case 'B' -> binarySet();
                default -> null;
            };
        }
        if (typeLength == 4 && isType(typeStart, "BOOL")) {
            if (literal("true")) {
                return AttrValue.Bool.TRUE;
            }
            return literal("false") ? AttrValue.Bool.FALSE : null;
        }
        if (typeLength == 4 && isType(typeStart, "NULL")) {
            return literal("true") ? AttrValue.Null.INSTANCE : null;
        }
        return null;
    }

    private static AttrValue map(Map<String, AttrValue> entries) {
        return entries == null ? null : new AttrValue.M(entries);
    }

    private AttrValue stringValue() {
        int start = stringBody();
        return start < 0 ? null : AttrValue.S.ofUtf8(Arrays.copyOfRange(bytes, start, pos - 1));
    }

    private AttrValue numberValue() {
        int start = stringBody();
        if (start < 0) {
            return null;
        }
        // ASCII (every valid number) is a subset of Latin-1, whose decoding is a plain copy
        return new AttrValue.N(new String(
                bytes, start, pos - 1 - start, lastAscii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8));
    }

    private AttrValue binaryValue() {
        byte[] decoded = base64();
        return decoded == null ? null : new AttrValue.B(decoded);
    }

    private byte[] base64() {
        int start = stringBody();
        if (start < 0) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(Arrays.copyOfRange(bytes, start, pos - 1));
        } catch (IllegalArgumentException notBase64) {
            return null; // rare: the Jackson path words the rejection
        }
    }

    private AttrValue listValue(int level) {
        if (!consume('[')) {
            return null;
        }
        List<AttrValue> values = new ArrayList<>();
        skipWhitespace();
        if (pos < bytes.length && bytes[pos] == ']') {
            pos++;
            return new AttrValue.L(values);
        }
        while (true) {
            skipWhitespace();
            AttrValue value = attributeValue(level + 1);
            if (value == null) {
                return null;
            }
            values.add(value);
            int next = afterElement();
            if (next != ',') {
                return next == ']' ? new AttrValue.L(values) : null;
            }
        }
    }

    private AttrValue strings(boolean numbers) {
        if (!consume('[')) {
            return null;
        }
        List<String> values = new ArrayList<>();
        skipWhitespace();
        if (pos < bytes.length && bytes[pos] == ']') {
            pos++;
        } else {
            while (true) {
                skipWhitespace();
                int start = stringBody();
                if (start < 0) {
                    return null;
                }
                values.add(new String(bytes, start, pos - 1 - start, StandardCharsets.UTF_8));
                int next = afterElement();
                if (next == ']') {
                    break;
                }
                if (next != ',') {
                    return null;
                }
            }
        }
        return numbers ? new AttrValue.NS(values) : new AttrValue.SS(values);
    }

    private AttrValue binarySet() {
        if (!consume('[')) {
            return null;
        }
        List<byte[]> values = new ArrayList<>();
        skipWhitespace();
        if (pos < bytes.length && bytes[pos] == ']') {
            pos++;
            return new AttrValue.BS(values);
        }
        while (true) {
            skipWhitespace();
            byte[] decoded = base64();
            if (decoded == null) {
                return null;
            }
            values.add(decoded);
            int next = afterElement();
            if (next != ',') {
                return next == ']' ? new AttrValue.BS(values) : null;
            }
        }
    }

    /** The byte after an array element and whitespace (consumed), or -1 at the end of the input. */
    private int afterElement() {
        skipWhitespace();
        return pos == bytes.length ? -1 : bytes[pos++];
    }

    /**
     * A string at {@code pos}: moves past its closing quote and returns where its content starts,
     * or -1 when there is none or it is outside the subset (escapes, control characters, bad UTF-8).
     */
    private int stringBody() {
        if (pos == bytes.length || bytes[pos] != '"') {
            return -1;
        }
        byte[] r = bytes;
        int n = r.length;
        int start = pos + 1;
        int i = start;
        long high = 0;
        while (true) {
            // skip eight bytes at a time while none is a quote, a backslash or a control character
            while (i + 8 <= n) {
                long word = (long) LONGS.get(r, i);
                long special = ByteSearch.zeroBytes(word ^ QUOTES)
                        | ByteSearch.zeroBytes(word ^ BACKSLASHES)
                        | below(word, 0x20);
                if (special != 0) {
                    // the lowest mark is exact: jump to that byte
                    int k = Long.numberOfTrailingZeros(special) >>> 3;
                    high |= word & ((1L << (k << 3)) - 1);
                    i += k;
                    break;
                }
                high |= word;
                i += 8;
            }
            if (i == n) {
                return -1;
            }
            byte b = r[i];
            if (b == '"') {
                boolean ascii = (high & ByteSearch.HIGHS) == 0;
                if (!ascii && Utf8Validator.firstInvalid(r, start, i) >= 0) {
                    return -1;
                }
                lastAscii = ascii;
                pos = i + 1;
                return start;
            }
            if (b == '\\' || (b >= 0 && b < 0x20)) {
                return -1;
            }
            high |= b & 0xFF;
            i++;
        }
    }

    /** Marks bytes below {@code limit} (at most 0x80); the lowest mark is exact, as in zeroBytes. */
    private static long below(long x, int limit) {
        return (x - ByteSearch.ONES * limit) & ~x & ByteSearch.HIGHS;
    }

    private static boolean isLetter(byte b) {
        return b >= 'A' && b <= 'Z';
    }

    private boolean isType(int start, String type) {
        for (int i = 0; i < type.length(); i++) {
            if (bytes[start + i] != type.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** A literal such as {@code true}; what follows is checked by the caller's next expectation. */
    private boolean literal(String word) {
        int end = pos + word.length();
        if (end > bytes.length || !isType(pos, word)) {
            return false;
        }
        pos = end;
        return true;
    }

    /** Skips whitespace, then consumes {@code c} if it is next. */
    private boolean consume(char c) {
        skipWhitespace();
        if (pos < bytes.length && bytes[pos] == c) {
            pos++;
            return true;
        }
        return false;
    }

    private boolean colon() {
        return consume(':');
    }

    private void skipWhitespace() {
        // the common case, no whitespace at all, in one comparison: JSON whitespace is below '!'
        if (pos < bytes.length && bytes[pos] > ' ') {
            return;
        }
        while (pos < bytes.length) {
            byte b = bytes[pos];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return;
            }
            pos++;
        }
    }
}
