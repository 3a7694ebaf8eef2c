package dev.ddbimport.core.format;

import static dev.ddbimport.core.format.IonText.base64Value;
import static dev.ddbimport.core.format.IonText.isBase64;
import static dev.ddbimport.core.format.IonText.isDigit;
import static dev.ddbimport.core.format.IonText.isWhitespace;

import dev.ddbimport.core.frame.ByteSearch;
import dev.ddbimport.core.item.AttrValue;
import dev.ddbimport.core.item.AttributeMap;
import dev.ddbimport.core.item.Item;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Reads the plain subset of Ion text that DynamoDB exports and typical producers write, several
 * times faster than the general Ion reader, and gives up (returns null) on anything else so that
 * {@link IonItemParser} reads the record with ion-java instead. It only ever produces items: every
 * rejection, and every value it is unsure of, is left to the ion-java path, which is the reference
 * for all behaviour (a test checks that both agree).
 *
 * <p>The subset: whitespace; {@code $ion_1_0} markers between top-level values; top-level structs
 * with a single {@code Item} field; structs and lists without trailing commas; field names that
 * are identifiers (not keywords or symbol IDs), quoted symbols or strings; strings and quoted
 * symbols without control characters, whose escapes are single characters, x with 2 or u with 4 hex digits
 * (no surrogates); {@code true}, {@code false}, {@code null};
 * decimal ints and decimals (with a {@code d} exponent); blobs; lists annotated {@code
 * $dynamodb_SS}, {@code $dynamodb_NS} or {@code $dynamodb_BS} holding strings, numbers or blobs.
 * Not in it (so read by ion-java): other escapes, comments, symbols and other annotations as values,
 * floats, timestamps, clobs, s-expressions, typed nulls, hex/binary ints, underscores, long
 * strings, duplicate names, values nested beyond 32 levels.
 */
final class IonFastPathParser {
    // what follows a list element
    private static final int MORE_ELEMENTS = 0;
    private static final int LIST_END = 1;
    private static final int OUTSIDE_SUBSET = 2;

    // first sizes of an item's attribute map and of a nested struct
    private static final int TYPICAL_ATTRIBUTES = 16;
    private static final int TYPICAL_MAP_ENTRIES = 4;

    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long QUOTES = ONES * '"';
    private static final long BACKSLASHES = ONES * '\\';
    private static final long DELETES = ONES * 0x7F;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[] bytes;
    private final NameCache names;
    private int pos;

    private IonFastPathParser(byte[] bytes, NameCache names) {
        this.bytes = bytes;
        this.names = names;
    }

    /**
     * The record's items, or null when the record is not entirely in the subset. The record must be
     * well-formed UTF-8 (strings keep its bytes).
     */
    static List<ParseOutcome> tryParse(byte[] record, NameCache names) {
        return new IonFastPathParser(record, names).record();
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
                // a record without items gets its rejection from the ion-java path
                return outcomes.isEmpty() ? null : outcomes;
            }
            byte b = bytes[pos];
            if (b == '$') {
                if (!versionMarker()) {
                    return null;
                }
            } else if (b == '{') {
                Item item = recordStruct();
                if (item == null) {
                    return null;
                }
                outcomes.add(new ParseOutcome.Parsed(item));
            } else {
                return null;
            }
        }
    }

    /** Skips an unannotated {@code $ion_1_0} at top level. */
    private boolean versionMarker() {
        int end = identifierEnd(pos);
        if (end - pos != 8 || !regionEquals(pos, "$ion_1_0")) {
            return false;
        }
        pos = end;
        if (pos < bytes.length && !isWhitespace(bytes[pos]) && bytes[pos] != '{') {
            return false;
        }
        skipWhitespace();
        return pos == bytes.length || bytes[pos] != ':';
    }

    /** {@code {Item:{...}}} with nothing else in the outer struct. */
    private Item recordStruct() {
        pos++;
        skipWhitespace();
        int end = identifierEnd(pos);
        if (end - pos != 4 || !regionEquals(pos, "Item")) {
            return null;
        }
        pos = end;
        if (!colon()) {
            return null;
        }
        skipWhitespace();
        if (pos == bytes.length || bytes[pos] != '{') {
            return null;
        }
        Map<String, AttrValue> attributes = struct(1);
        if (attributes == null) {
            return null;
        }
        skipWhitespace();
        if (pos == bytes.length || bytes[pos] != '}') {
            return null;
        }
        pos++;
        return new Item(attributes);
    }

    /** The struct at {@code pos}, whose fields' values sit at {@code level}. */
    private AttributeMap struct(int level) {
        pos++;
        AttributeMap fields = new AttributeMap(level == 1 ? TYPICAL_ATTRIBUTES : TYPICAL_MAP_ENTRIES);
        skipWhitespace();
        if (pos < bytes.length && bytes[pos] == '}') {
            pos++;
            return fields;
        }
        while (true) {
            NameCache.Name name = fieldName();
            if (name == null || !colon()) {
                return null;
            }
            skipWhitespace();
            AttrValue value = value(level);
            if (value == null || !fields.add(name.text(), name.utf8(), value)) {
                return null;
            }
            skipWhitespace();
            if (pos == bytes.length) {
                return null;
            }
            byte b = bytes[pos++];
            if (b == '}') {
                return fields;
            }
            if (b != ',') {
                return null;
            }
            skipWhitespace();
            if (pos < bytes.length && bytes[pos] == '}') {
                return null; // a trailing comma: leave it to the reference reader
            }
        }
    }

    /** The list at {@code pos}, whose elements sit at {@code level}. */
    private List<AttrValue> list(int level) {
        pos++;
        List<AttrValue> values = new ArrayList<>();
        skipWhitespace();
        if (pos < bytes.length && bytes[pos] == ']') {
            pos++;
            return values;
        }
        while (true) {
            AttrValue value = value(level);
            if (value == null) {
                return null;
            }
            values.add(value);
            int next = afterElement();
            if (next == LIST_END) {
                return values;
            }
            if (next == OUTSIDE_SUBSET) {
                return null;
            }
        }
    }

    /** After a list element: consumes ']', or ',' and whitespace up to the next element. */
    private int afterElement() {
        skipWhitespace();
        if (pos == bytes.length) {
            return OUTSIDE_SUBSET;
        }
        byte b = bytes[pos++];
        if (b == ']') {
            return LIST_END;
        }
        if (b != ',') {
            return OUTSIDE_SUBSET;
        }
        skipWhitespace();
        // a trailing comma is left to the reference reader
        return pos < bytes.length && bytes[pos] != ']' ? MORE_ELEMENTS : OUTSIDE_SUBSET;
    }

    /** The value at {@code pos}, sitting at {@code level} (1: an item attribute's value). */
    private AttrValue value(int level) {
        if (pos == bytes.length || level > IonAttrValueReader.MAX_LEVELS) {
            return null;
        }
        byte b = bytes[pos];
        if (b == '"') {
            return stringValue();
        }
        if (b == '-' || isDigit(b)) {
            String number = number();
            return number == null ? null : new AttrValue.N(number);
        }
        if (b == '{') {
            if (pos + 1 < bytes.length && bytes[pos + 1] == '{') {
                byte[] blob = blob();
                return blob == null ? null : new AttrValue.B(blob);
            }
            Map<String, AttrValue> fields = struct(level + 1);
            return fields == null ? null : new AttrValue.M(fields);
        }
        if (b == '[') {
            List<AttrValue> values = list(level + 1);
            return values == null ? null : new AttrValue.L(values);
        }
        // true, false and null directly; anything glued to them fails the delimiter check, as it
        // would have made a longer identifier that is not in the subset either
        if (b == 't' && regionEquals(pos, "true")) {
            pos += 4;
            return isDelimiter() ? AttrValue.Bool.TRUE : null;
        }
        if (b == 'f' && regionEquals(pos, "false")) {
            pos += 5;
            return isDelimiter() ? AttrValue.Bool.FALSE : null;
        }
        if (b == 'n' && regionEquals(pos, "null")) {
            pos += 4;
            return isDelimiter() ? AttrValue.Null.INSTANCE : null;
        }
        int end = identifierEnd(pos);
        if (end == pos) {
            return null;
        }
        int start = pos;
        pos = end;
        if (isKeyword(start, end, "true")) {
            return isDelimiter() ? AttrValue.Bool.TRUE : null;
        }
        if (isKeyword(start, end, "false")) {
            return isDelimiter() ? AttrValue.Bool.FALSE : null;
        }
        if (isKeyword(start, end, "null")) {
            return isDelimiter() ? AttrValue.Null.INSTANCE : null;
        }
        return set(start, end);
    }

    /** A {@code $dynamodb_SS/NS/BS::[...]} set whose annotation spans start..end; else null. */
    private AttrValue set(int start, int end) {
        if (end - start != 12 || !regionEquals(start, "$dynamodb_")) {
            return null;
        }
        byte kind = bytes[start + 10];
        if (bytes[start + 11] != 'S' || (kind != 'S' && kind != 'N' && kind != 'B')) {
            return null;
        }
        skipWhitespace();
        if (pos + 1 >= bytes.length || bytes[pos] != ':' || bytes[pos + 1] != ':') {
            return null;
        }
        pos += 2;
        skipWhitespace();
        if (pos == bytes.length || bytes[pos] != '[') {
            return null;
        }
        pos++;
        List<String> texts = new ArrayList<>();
        List<byte[]> blobs = new ArrayList<>();
        skipWhitespace();
        int next = MORE_ELEMENTS;
        if (pos < bytes.length && bytes[pos] == ']') {
            pos++;
            next = LIST_END;
        }
        while (next == MORE_ELEMENTS) {
            if (pos == bytes.length) {
                return null;
            }
            byte b = bytes[pos];
            if (kind == 'S' && b == '"') {
                String text = string('"');
                if (text == null) {
                    return null;
                }
                texts.add(text);
            } else if (kind == 'N' && (b == '-' || isDigit(b))) {
                String number = number();
                if (number == null) {
                    return null;
                }
                texts.add(number);
            } else if (kind == 'B' && b == '{' && pos + 1 < bytes.length && bytes[pos + 1] == '{') {
                byte[] blob = blob();
                if (blob == null) {
                    return null;
                }
                blobs.add(blob);
            } else {
                return null;
            }
            next = afterElement();
        }
        if (next == OUTSIDE_SUBSET) {
            return null;
        }
        return switch (kind) {
            case 'S' -> new AttrValue.SS(texts);
            case 'N' -> new AttrValue.NS(texts);
            default -> new AttrValue.BS(blobs);
        };
    }

    /** A field name: identifier, quoted symbol or string without escapes. */
    private NameCache.Name fieldName() {
        if (pos == bytes.length) {
            return null;
        }
        byte b = bytes[pos];
        if (b == '"') {
            return quotedName('"');
        }
        if (b == '\'') {
            // '' then ' starts a long string; an empty quoted symbol is rare: leave both
            if (pos + 1 < bytes.length && bytes[pos + 1] == '\'') {
                return null;
            }
            return quotedName('\'');
        }
        int end = identifierEnd(pos);
        if (end == pos) {
            return null;
        }
        // only names starting n, t, f or $ can be keywords or symbol IDs: test the rest no further
        if ((b == 'n' || b == 't' || b == 'f' || b == '$')
                && (isKeyword(pos, end, "null")
                        || isKeyword(pos, end, "true")
                        || isKeyword(pos, end, "false")
                        || isKeyword(pos, end, "nan")
                        || isSymbolId(pos, end))) {
            return null;
        }
        NameCache.Name name = names.name(bytes, pos, end - pos, true);
        pos = end;
        return name;
    }

    /** A quoted field name; its UTF-8 bytes are not kept (escapes make them differ from the input). */
    private NameCache.Name quotedName(char quote) {
        String text = string(quote);
        return text == null ? null : new NameCache.Name(text, null);
    }

    /** Consumes whitespace and one ':' that is not the start of '::'. */
    private boolean colon() {
        skipWhitespace();
        if (pos == bytes.length || bytes[pos] != ':') {
            return false;
        }
        pos++;
        return pos == bytes.length || bytes[pos] != ':';
    }

    /** A quoted string or symbol without control characters and with only simple escapes. */
    private String string(char quote) {
        int start = pos + 1;
        for (int i = start; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == quote) {
                pos = i + 1;
                return new String(bytes, start, i - start, StandardCharsets.UTF_8);
            }
            if (b == '\\') {
                return escapedString(quote, start, i);
            }
            if (isControl(b)) {
                return null;
            }
        }
        return null;
    }

    /**
     * A string value: without escapes, its bytes as they are (the caller checked that the record is
     * UTF-8), so they are never decoded on the way to the item codec.
     */
    private AttrValue.S stringValue() {
        int start = pos + 1;
        for (int i = plainRunEnd(start); i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == '"') {
                pos = i + 1;
                return AttrValue.S.ofUtf8(Arrays.copyOfRange(bytes, start, i));
            }
            if (b == '\\') {
                String text = escapedString('"', start, i);
                return text == null ? null : new AttrValue.S(text);
            }
            if (isControl(b)) {
                return null;
            }
        }
        return null;
    }

    /**
     * Where the run of bytes from {@code from} that need no attention in a string ends: skips eight
     * bytes at a time while none is a quote, a backslash or a control character, then stops at a
     * word holding one (the byte loop that follows finds which).
     */
    private int plainRunEnd(int from) {
        byte[] r = bytes;
        int i = from;
        while (i + 8 <= r.length) {
            long word = (long) LONGS.get(r, i);
            long special = ByteSearch.zeroBytes(word ^ QUOTES)
                    | ByteSearch.zeroBytes(word ^ BACKSLASHES)
                    | ByteSearch.zeroBytes(word ^ DELETES)
                    | ((word - ONES * 0x20) & ~word & HIGH_BITS);
            if (special != 0) {
                // the lowest mark is exact
                return i + (Long.numberOfTrailingZeros(special) >>> 3);
            }
            i += 8;
        }
        return i;
    }

    /**
     * The rest of a string holding escapes, from its first backslash. Surrogates written as
     * escapes, 8-digit escapes and escaped line breaks are left to the reference reader.
     */
    private String escapedString(char quote, int start, int firstEscape) {
        StringBuilder sb = new StringBuilder(firstEscape - start + 16);
        int run = start;
        int i = firstEscape;
        while (i < bytes.length) {
            byte b = bytes[i];
            if (b == quote || b == '\\') {
                // runs end only at ASCII bytes, so no UTF-8 sequence is ever split
                sb.append(new String(bytes, run, i - run, StandardCharsets.UTF_8));
                if (b == quote) {
                    pos = i + 1;
                    return sb.toString();
                }
                if (i + 1 == bytes.length) {
                    return null;
                }
                int length = 2;
                int c = switch (bytes[i + 1]) {
                    case 'a' -> 0x07;
                    case 'b' -> '\b';
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'f' -> '\f';
                    case 'r' -> '\r';
                    case 'v' -> 0x0B;
                    case '0' -> 0;
                    case '?', '\'', '"', '/', '\\' -> bytes[i + 1];
                    case 'x' -> {
                        length = 4;
                        yield hex(i + 2, 2);
                    }
                    case 'u' -> {
                        length = 6;
                        yield hex(i + 2, 4);
                    }
                    default -> -1;
                };
                if (c < 0 || Character.isSurrogate((char) c)) {
                    return null;
                }
                sb.append((char) c);
                i += length;
                run = i;
            } else if (isControl(b)) {
                return null;
            } else {
                i++;
            }
        }
        return null;
    }

    /** The value of {@code digits} hex digits at {@code from}, or -1. */
    private int hex(int from, int digits) {
        if (from + digits > bytes.length) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < from + digits; i++) {
            int d = Character.digit(bytes[i], 16);
            if (d < 0) {
                return -1;
            }
            value = value * 16 + d;
        }
        return value;
    }

    private static boolean isControl(byte b) {
        return (b >= 0 && b < 0x20) || b == 0x7F;
    }

    /**
     * An int or decimal, as the text the ion-java path gives: the int's digits, or {@link
     * BigDecimal#toString()} of the decimal.
     */
    private String number() {
        int start = pos;
        int i = pos;
        boolean negative = bytes[i] == '-';
        if (negative) {
            i++;
        }
        int intStart = i;
        while (i < bytes.length && isDigit(bytes[i])) {
            i++;
        }
        int intEnd = i;
        if (intEnd == intStart || (bytes[intStart] == '0' && intEnd - intStart > 1)) {
            return null; // "-" alone (e.g. -inf) or a leading zero
        }
        boolean decimal = false;
        boolean exponent = false;
        int fracStart = -1;
        int fracEnd = -1;
        if (i < bytes.length && bytes[i] == '.') {
            decimal = true;
            i++;
            fracStart = i;
            while (i < bytes.length && isDigit(bytes[i])) {
                i++;
            }
            fracEnd = i;
        }
        if (i < bytes.length && (bytes[i] == 'd' || bytes[i] == 'D') && isDigit(bytes[i - 1])) {
            decimal = true;
            exponent = true;
            i++;
            if (i < bytes.length && (bytes[i] == '+' || bytes[i] == '-')) {
                i++;
            }
            int expStart = i;
            while (i < bytes.length && isDigit(bytes[i])) {
                i++;
            }
            if (i == expStart) {
                return null;
            }
        }
        pos = i;
        if (!isDelimiter()) {
            return null; // float, timestamp, hex/binary int, underscores, ...
        }
        if (!decimal) {
            if (negative && intEnd - intStart == 1 && bytes[intStart] == '0') {
                return "0";
            }
            return new String(bytes, start, i - start, StandardCharsets.ISO_8859_1);
        }
        if (!exponent && bytes[intStart] != '0') {
            // plain decimal with a non-zero integer part: BigDecimal spells it as written,
            // without the point when nothing follows it
            int end = fracEnd > fracStart ? fracEnd : fracStart - 1;
            return new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
        }
        char[] chars = new char[i - start];
        for (int k = 0; k < chars.length; k++) {
            byte b = bytes[start + k];
            chars[k] = (b == 'd' || b == 'D') ? 'E' : (char) b;
        }
        try {
            return new BigDecimal(chars).toString();
        } catch (NumberFormatException e) {
            return null; // an exponent too large: the reference reader reports it
        }
    }

    /** {@code {{ base64 }}} with canonical padding; null for clobs and anything unusual. */
    private byte[] blob() {
        int i = pos + 2;
        byte[] base64 = new byte[16];
        int n = 0;
        while (true) {
            if (i == bytes.length) {
                return null;
            }
            byte b = bytes[i];
            if (b == '}') {
                break;
            }
            i++;
            if (isWhitespace(b)) {
                continue;
            }
            if (!isBase64(b) || (n > 0 && base64[n - 1] == '=' && b != '=')) {
                return null;
            }
            if (n == base64.length) {
                base64 = Arrays.copyOf(base64, n * 2);
            }
            base64[n++] = b;
        }
        if (i + 1 >= bytes.length || bytes[i + 1] != '}' || n % 4 != 0 || !zeroPaddingBits(base64, n)) {
            return null;
        }
        pos = i + 2;
        try {
            return Base64.getDecoder().decode(n == base64.length ? base64 : Arrays.copyOf(base64, n));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** With padding, the bits of the last data character that fall beyond the data must be 0. */
    private static boolean zeroPaddingBits(byte[] base64, int n) {
        if (n == 0 || base64[n - 1] != '=') {
            return true;
        }
        boolean two = base64[n - 2] == '=';
        int last = base64Value(base64[two ? n - 3 : n - 2]);
        return two ? (last & 0x0F) == 0 : (last & 0x03) == 0;
    }

    /** True when {@code pos} is at whitespace, ',', ']', '}' (what may follow a scalar here). */
    private boolean isDelimiter() {
        return pos < bytes.length && IonText.isDelimiter(bytes[pos]);
    }

    private void skipWhitespace() {
        pos = IonText.skipWhitespace(bytes, pos);
    }

    private int identifierEnd(int from) {
        return IonText.identifierEnd(bytes, from);
    }

    private boolean isSymbolId(int start, int end) {
        return IonText.isSymbolId(bytes, start, end);
    }

    private boolean isKeyword(int start, int end, String keyword) {
        return IonText.isKeyword(bytes, start, end, keyword);
    }

    private boolean regionEquals(int start, String ascii) {
        return IonText.regionEquals(bytes, start, ascii);
    }
}
