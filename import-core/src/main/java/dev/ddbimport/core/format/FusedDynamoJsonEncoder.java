package dev.ddbimport.core.format;

import dev.ddbimport.core.FormatSpec;
import dev.ddbimport.core.RecordEncoder;
import dev.ddbimport.core.item.AttrValueJsonReader;
import dev.ddbimport.core.item.ItemCodec;
import dev.ddbimport.core.validate.ItemSize;
import dev.ddbimport.core.validate.ItemValidator;
import java.util.Arrays;
import java.util.Base64;

/**
 * Encodes DYNAMODB_JSON records straight from their bytes to item records and key bytes: one pass
 * reads the subset {@link DynamoJsonFastPathParser} reads (plain JSON without escapes, {@code
 * {"Item":{...}}} objects, AttributeValues of one known type) and writes each value as it is read,
 * checking on the way what the item validator checks: names unique in every map and non-empty at
 * the top level, nesting, numbers, sets non-empty and without duplicates, keys, the item's size. No {@code Item}
 * is built.
 *
 * <p>It never words a rejection itself: a record outside the subset or breaking any rule goes,
 * whole, to the reference encoder, so outcomes are the reference's byte for byte (a property test
 * checks this). Where an exact check would cost more than it saves it stays conservative: names and
 * set elements are compared by hash, and any two equal hashes send the record to the reference.
 *
 * <p>Names the previous record had at the same place are recognised by one comparison ({@link
 * FusedNames}). Not thread-safe: one per thread.
 */
public final class FusedDynamoJsonEncoder implements RecordEncoder {

    private static final long HIGH_BITS = 0x8080808080808080L;

    /** Longer records are left to the reference, as the fast path leaves them to Jackson. */
    private static final int MAX_RECORD_BYTES = 1 << 20;

    /** Element counts above which duplicates are not looked for (the reference does it). */
    private static final int MAX_CHECKED_ELEMENTS = 1024;

    /** What a failed step returns: the record goes to the reference. */
    private static final long FAIL = -1;

    // type codes of an AttributeValue's one member
    private static final int T_S = 1;
    private static final int T_N = 2;
    private static final int T_B = 3;
    private static final int T_BOOL = 4;
    private static final int T_NULL = 5;
    private static final int T_L = 6;
    private static final int T_M = 7;
    private static final int T_SS = 8;
    private static final int T_NS = 9;
    private static final int T_BS = 10;

    private final RecordEncoder reference;
    private final FusedKeys keys;
    private final FusedRecordWriter writer = new FusedRecordWriter();
    private final FusedHashes hashes = new FusedHashes();
    private final FusedNames names = new FusedNames();

    // the record being read
    private byte[] r;
    private int pos;
    /** The content length of the string {@link #copyString} last wrote. */
    private int stringLength;
    /** The entries the last {@link #mapEntries} read. */
    private int entryCount;

    // the record's items, emitted only once the whole record is known to be fine
    private final PendingItems pending = new PendingItems();

    private FusedDynamoJsonEncoder(RecordEncoder reference, FormatSpec spec) {
        this.reference = reference;
        this.keys = new FusedKeys(spec.keys());
    }

    /** The encoder for DYNAMODB_JSON records under {@code spec}'s keys. */
    public static RecordEncoder create(FormatSpec spec) {
        RecordEncoder reference = RecordEncoder.reference(spec, null);
        return FusedKeys.servable(spec.keys()) ? new FusedDynamoJsonEncoder(reference, spec) : reference;
    }

    @Override
    public void encode(byte[] record, Output out) {
        if (!encodeFused(record)) {
            pending.clear();
            reference.encode(record, out);
            return;
        }
        pending.emit(writer, out);
    }

    /** Reads every item of the record into {@link #pending}; false when the record is the reference's. */
    private boolean encodeFused(byte[] record) {
        if (record.length > MAX_RECORD_BYTES) {
            return false;
        }
        r = record;
        pos = 0;
        writer.reset();
        hashes.reset();
        names.reset();
        while (true) {
            skipWhitespace();
            if (pos == r.length) {
                break;
            }
            if (!item()) {
                return false;
            }
        }
        // each string was checked for UTF-8; nothing else in a readable record can be non-ASCII
        return !pending.isEmpty();
    }

    /** {@code {"Item":{...}}} at {@code pos}: its key bytes and item record go to {@link #pending}. */
    private boolean item() {
        if (!consume('{') || !consumeItemName() || !consume(':') || !consume('{')) {
            return false;
        }
        keys.reset();
        int attributesAt = writer.beginItem();
        long size = mapEntries(1);
        if (size < 0 || !consume('}') || size > ItemSize.MAX_ITEM_BYTES || !keys.valid()) {
            return false;
        }
        byte[] key = keys.keyBytes(writer);
        pending.add(key, writer.closeItem(attributesAt, entryCount), writer.position());
        return true;
    }

    private boolean consumeItemName() {
        skipWhitespace();
        int end = pos + 6;
        if (end > r.length
                || r[pos] != '"'
                || r[pos + 1] != 'I'
                || r[pos + 2] != 't'
                || r[pos + 3] != 'e'
                || r[pos + 4] != 'm'
                || r[pos + 5] != '"') {
            return false;
        }
        pos = end;
        return true;
    }

    /**
     * The entries of a map whose opening brace is consumed, up to its closing brace, each written
     * as name and value. Returns their size (names and values, without the container's overhead)
     * and sets {@link #entryCount}. At level 1 these are the item's attributes: names must not be
     * empty, and keys are noted.
     */
    private long mapEntries(int level) {
        skipWhitespace();
        if (pos < r.length && r[pos] == '}') {
            pos++;
            entryCount = 0;
            return 0;
        }
        int mark = hashes.mark();
        int count = 0;
        long size = 0;
        while (true) {
            skipWhitespace();
            int place = names.nextPlace();
            int nameLength = pos < r.length && r[pos] == '"' ? names.matches(r, pos + 1, place, '"') : -1;
            long hash;
            int match;
            if (nameLength >= 0) {
                // the name the previous record had here: already checked, hashed and matched
                writer.putStringHeader(nameLength);
                writer.put(names.name(place), 0, nameLength);
                pos += nameLength + 2;
                hash = names.hash(place);
                match = names.key(place);
            } else {
                int nameAt = copyString();
                if (nameAt < 0) {
                    return FAIL;
                }
                nameLength = stringLength;
                byte[] buf = writer.buffer();
                hash = FusedHashes.ofName(buf, nameAt, nameLength);
                match = keys.match(buf, nameAt, nameLength, hash);
                names.remember(place, buf, nameAt, nameLength, hash, match);
            }
            if ((level == 1 && nameLength == 0)
                    || ++count > MAX_CHECKED_ELEMENTS
                    || !hashes.addDistinct(mark, hash)
                    || !consume(':')) {
                return FAIL;
            }
            int key = level == 1 ? match : -1;
            long valueSize = attributeValue(level, key);
            if (valueSize < 0) {
                return FAIL;
            }
            size += nameLength + valueSize;
            skipWhitespace();
            if (pos == r.length) {
                return FAIL;
            }
            byte b = r[pos++];
            if (b == '}') {
                hashes.release(mark);
                entryCount = count;
                return size;
            }
            if (b != ',') {
                return FAIL;
            }
        }
    }

    /**
     * {@code {"T":value}} at {@code pos}, sitting at {@code level}: writes the value and returns its
     * size, noting it as key attribute {@code key} (-1 for none).
     */
    private long attributeValue(int level, int key) {
        if (level > ItemValidator.MAX_NESTING_LEVELS || level > AttrValueJsonReader.MAX_LEVELS) {
            return FAIL;
        }
        int type = compactOpening();
        if (type != 0) {
            skipWhitespace();
        } else {
            if (!consume('{')) {
                return FAIL;
            }
            skipWhitespace();
            type = typeName();
            if (type < 0 || !consume(':')) {
                return FAIL;
            }
            skipWhitespace();
        }
        long size = switch (type) {
            case T_S -> scalar(ItemCodec.TAG_S, key);
            case T_N -> scalar(ItemCodec.TAG_N, key);
            case T_B -> binary(key);
            case T_BOOL -> bool(key);
            case T_NULL -> nullValue(key);
            case T_L -> list(level, key);
            case T_M -> map(level, key);
            case T_SS, T_NS, T_BS -> set(type, key);
            default -> FAIL;
        };
        if (size < 0) {
            return FAIL;
        }
        if (pos < r.length && r[pos] == '}') {
            pos++;
            return size;
        }
        return consume('}') ? size : FAIL;
    }

    /**
     * The type of a value opening {@code {"T":} with no whitespace, as compact lines write every
     * value, moving past it: one look instead of the general path's five steps. 0 when the opening
     * is anything else (the general path reads it), -1 for an unknown one-letter type.
     */
    private int compactOpening() {
        byte[] b = r;
        int p = pos;
        if (p + 5 < b.length && b[p] == '{' && b[p + 1] == '"' && b[p + 3] == '"' && b[p + 4] == ':') {
            pos = p + 5;
            return switch (b[p + 2]) {
                case 'S' -> T_S;
                case 'N' -> T_N;
                case 'B' -> T_B;
                case 'L' -> T_L;
                case 'M' -> T_M;
                default -> -1;
            };
        }
        return 0;
    }

    /** The type code of the member name at {@code pos}, moving past it, or -1. */
    private int typeName() {
        byte[] b = r;
        int p = pos;
        if (p + 3 < b.length && b[p] == '"' && b[p + 2] == '"') {
            pos = p + 3;
            return switch (b[p + 1]) {
                case 'S' -> T_S;
                case 'N' -> T_N;
                case 'B' -> T_B;
                case 'L' -> T_L;
                case 'M' -> T_M;
                default -> -1;
            };
        }
        if (p + 4 < b.length && b[p] == '"' && b[p + 3] == '"' && b[p + 2] == 'S') {
            pos = p + 4;
            return switch (b[p + 1]) {
                case 'S' -> T_SS;
                case 'N' -> T_NS;
                case 'B' -> T_BS;
                default -> -1;
            };
        }
        if (p + 6 < b.length && b[p] == '"' && b[p + 5] == '"') {
            pos = p + 6;
            if (regionEquals(p + 1, "BOOL")) {
                return T_BOOL;
            }
            return regionEquals(p + 1, "NULL") ? T_NULL : -1;
        }
        return -1;
    }

    /** An S or N value: the string as it is, a number checked on the way. */
    private long scalar(byte tag, int key) {
        writer.putByte(tag);
        int at = copyString();
        if (at < 0) {
            return FAIL;
        }
        int length = stringLength;
        long size = tag == ItemCodec.TAG_S ? length : FusedNumber.plainDecimalSize(writer.buffer(), at, at + length);
        if (key >= 0) {
            keys.found(key, tag, at, length);
        }
        return size;
    }

    private long binary(int key) {
        writer.putByte(ItemCodec.TAG_B);
        byte[] decoded = base64();
        if (decoded == null) {
            return FAIL;
        }
        writer.putVarint(decoded.length);
        int at = writer.position();
        writer.put(decoded, 0, decoded.length);
        if (key >= 0) {
            keys.found(key, ItemCodec.TAG_B, at, decoded.length);
        }
        return decoded.length;
    }

    private long bool(int key) {
        int value;
        if (literal("true")) {
            value = 1;
        } else if (literal("false")) {
            value = 0;
        } else {
            return FAIL;
        }
        writer.putTagged(ItemCodec.TAG_BOOL, value);
        return notKey(key) ? 1 : FAIL;
    }

    private long nullValue(int key) {
        if (!literal("true")) {
            return FAIL; // NULL:false is refused, in the reference's words
        }
        writer.putByte(ItemCodec.TAG_NULL);
        return notKey(key) ? 1 : FAIL;
    }

    /** True unless the value is a key attribute, whose type these values never have. */
    private static boolean notKey(int key) {
        return key < 0;
    }

    private long list(int level, int key) {
        if (!notKey(key) || !consume('[')) {
            return FAIL;
        }
        writer.putByte(ItemCodec.TAG_L);
        int countAt = writer.reserveCount();
        int count = 0;
        long size = 0;
        skipWhitespace();
        if (pos < r.length && r[pos] == ']') {
            pos++;
        } else {
            while (true) {
                skipWhitespace();
                long element = attributeValue(level + 1, -1);
                if (element < 0) {
                    return FAIL;
                }
                size += element;
                count++;
                int next = afterElement();
                if (next == ']') {
                    break;
                }
                if (next != ',') {
                    return FAIL;
                }
            }
        }
        writer.patchCount(countAt, count);
        return containerSize(count, size);
    }

    private long map(int level, int key) {
        if (!notKey(key) || !consume('{')) {
            return FAIL;
        }
        writer.putByte(ItemCodec.TAG_M);
        int countAt = writer.reserveCount();
        long size = mapEntries(level + 1);
        if (size < 0) {
            return FAIL;
        }
        writer.patchCount(countAt, entryCount);
        return containerSize(entryCount, size);
    }

    /** What DynamoDB counts for a list or map: 3 bytes, one per element, and the elements. */
    private static long containerSize(int count, long elements) {
        return 3 + count + elements;
    }

    /** SS, NS or BS: non-empty, elements distinct (by hash), numbers checked. */
    private long set(int type, int key) {
        if (!notKey(key) || !consume('[')) {
            return FAIL;
        }
        writer.putByte(type == T_SS ? ItemCodec.TAG_SS : type == T_NS ? ItemCodec.TAG_NS : ItemCodec.TAG_BS);
        int countAt = writer.reserveCount();
        int mark = hashes.mark();
        int count = 0;
        long size = 0;
        while (true) {
            skipWhitespace();
            long element;
            long hash;
            if (type == T_BS) {
                byte[] decoded = base64();
                if (decoded == null) {
                    return FAIL;
                }
                writer.putVarint(decoded.length);
                writer.put(decoded, 0, decoded.length);
                element = decoded.length;
                hash = FusedHashes.of(decoded, 0, decoded.length);
            } else {
                int at = copyString();
                if (at < 0) {
                    return FAIL;
                }
                int length = stringLength;
                byte[] buf = writer.buffer();
                if (type == T_SS) {
                    element = length;
                    hash = FusedHashes.of(buf, at, length);
                } else {
                    element = FusedNumber.plainDecimalSize(buf, at, at + length);
                    hash = FusedNumber.valueHash(buf, at, at + length);
                }
            }
            if (element < 0 || ++count > MAX_CHECKED_ELEMENTS || !hashes.addDistinct(mark, hash)) {
                return FAIL;
            }
            size += element;
            int next = afterElement();
            if (next == ']') {
                break;
            }
            if (next != ',') {
                return FAIL; // also an empty set, "[]"
            }
        }
        hashes.release(mark);
        writer.patchCount(countAt, count);
        return size;
    }

    /** A base64 string's bytes, or null when it is not one (the reference words why). */
    private byte[] base64() {
        int start = pos + 1;
        if (skipString() < 0) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(Arrays.copyOfRange(r, start, pos - 1));
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    /** The byte after an array element and whitespace (consumed), or -1 at the end of the record. */
    private int afterElement() {
        skipWhitespace();
        return pos == r.length ? -1 : r[pos++];
    }

    /**
     * Copies the string at {@code pos} into the item record as a string (header and content) and
     * moves past it; returns where its content was written (its length in {@link #stringLength}),
     * or -1 when there is no string or it has an escape or a control character.
     */
    private int copyString() {
        if (pos >= r.length || r[pos] != '"') {
            return -1;
        }
        int end = writer.putQuoted(r, pos + 1, (byte) '"', false);
        if (end < 0 || !wellFormed(pos + 1, end)) {
            return -1;
        }
        pos = end + 1;
        stringLength = writer.stringLength();
        return writer.stringAt();
    }

    /** Moves past the string at {@code pos} without copying it; -1 when it is not a plain string. */
    private int skipString() {
        byte[] b = r;
        int n = b.length;
        if (pos >= n || b[pos] != '"') {
            return -1;
        }
        int i = pos + 1;
        byte c;
        long bits = 0;
        while (i < n && (c = b[i]) != '"') {
            if (c == '\\' || (c >= 0 && c < 0x20)) {
                return -1;
            }
            bits |= c;
            i++;
        }
        if (i == n || (bits < 0 && Utf8Validator.firstInvalid(b, pos + 1, i) >= 0)) {
            return -1;
        }
        pos = i + 1;
        return i;
    }

    /** The string content in {@code r[from, to)} just written is UTF-8 (only non-ASCII needs the check). */
    private boolean wellFormed(int from, int to) {
        return (writer.stringBits() & HIGH_BITS) == 0 || Utf8Validator.firstInvalid(r, from, to) < 0;
    }

    private boolean regionEquals(int start, String text) {
        for (int i = 0; i < text.length(); i++) {
            if (r[start + i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** A literal such as {@code true}; what follows is checked by the caller's next expectation. */
    private boolean literal(String word) {
        int end = pos + word.length();
        if (end > r.length || !regionEquals(pos, word)) {
            return false;
        }
        pos = end;
        return true;
    }

    /** Skips whitespace, then consumes {@code c} if it is next. */
    private boolean consume(char c) {
        skipWhitespace();
        if (pos < r.length && r[pos] == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void skipWhitespace() {
        // the common case, no whitespace at all, in one comparison: JSON whitespace is below '!'
        if (pos < r.length && r[pos] > ' ') {
            return;
        }
        while (pos < r.length) {
            byte b = r[pos];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return;
            }
            pos++;
        }
    }
}
