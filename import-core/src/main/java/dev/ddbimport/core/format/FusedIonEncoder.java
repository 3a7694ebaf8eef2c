package dev.ddbimport.core.format;

import static dev.ddbimport.core.format.IonText.base64Value;
import static dev.ddbimport.core.format.IonText.isBase64;
import static dev.ddbimport.core.format.IonText.isDelimiter;
import static dev.ddbimport.core.format.IonText.isDigit;
import static dev.ddbimport.core.format.IonText.isWhitespace;

import dev.ddbimport.core.FormatSpec;
import dev.ddbimport.core.RecordEncoder;
import dev.ddbimport.core.item.ItemCodec;
import dev.ddbimport.core.validate.ItemSize;
import dev.ddbimport.core.validate.ItemValidator;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Encodes ION records straight from their bytes to item records and key bytes: one pass reads the
 * plain subset of Ion text {@link IonFastPathParser} reads, narrowed to what exports write (no
 * escapes, field names that are identifiers or plain quoted text), and writes each value as it is
 * read, checking on the way what the item validator checks: names unique in every struct and
 * non-empty at the top level, nesting, numbers, sets non-empty and without duplicates, keys, the item's size. No {@code Item}
 * is built.
 *
 * <p>It never words a rejection itself: a record outside the subset or breaking any rule goes,
 * whole, to the reference encoder, so outcomes are the reference's byte for byte (a property test
 * checks this). Names and set elements are compared by hash; two equal hashes send the record to
 * the reference, which decides exactly.
 *
 * <p>Names the previous record had at the same place are recognised by one comparison ({@link
 * FusedNames}). Not thread-safe: one per thread.
 */
public final class FusedIonEncoder implements RecordEncoder {

    private static final long HIGH_BITS = 0x8080808080808080L;

    /** Element counts above which duplicates are not looked for (the reference does it). */
    private static final int MAX_CHECKED_ELEMENTS = 1024;

    /** What a failed step returns: the record goes to the reference. */
    private static final long FAIL = -1;

    private final RecordEncoder reference;
    private final FusedKeys keys;
    private final FusedRecordWriter writer = new FusedRecordWriter();
    private final FusedHashes hashes = new FusedHashes();
    private final FusedNames names = new FusedNames();

    // the record being read
    private byte[] r;
    private int pos;
    /** The entries the last {@link #structFields} read. */
    private int entryCount;

    // the record's items, emitted only once the whole record is known to be fine
    private final PendingItems pending = new PendingItems();

    private FusedIonEncoder(RecordEncoder reference, FormatSpec spec) {
        this.reference = reference;
        this.keys = new FusedKeys(spec.keys());
    }

    /** The encoder for ION records under {@code spec}'s keys. */
    public static RecordEncoder create(FormatSpec spec) {
        RecordEncoder reference = RecordEncoder.reference(spec, null);
        return FusedKeys.servable(spec.keys()) ? new FusedIonEncoder(reference, spec) : reference;
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
            byte b = r[pos];
            if (b == '$') {
                if (!versionMarker()) {
                    return false;
                }
            } else if (b != '{' || !item()) {
                return false;
            }
        }
        // each string was checked for UTF-8; outside strings only ASCII is readable
        return !pending.isEmpty();
    }

    /** Skips an unannotated {@code $ion_1_0} at top level. */
    private boolean versionMarker() {
        int end = identifierEnd(pos);
        if (end - pos != 8 || !regionEquals(pos, "$ion_1_0")) {
            return false;
        }
        pos = end;
        return pos == r.length || isWhitespace(r[pos]) || r[pos] == '{';
    }

    /** {@code {Item:{...}}} at {@code pos}: its key bytes and item record go to {@link #pending}. */
    private boolean item() {
        pos++;
        skipWhitespace();
        int end = identifierEnd(pos);
        if (end - pos != 4 || !regionEquals(pos, "Item")) {
            return false;
        }
        pos = end;
        if (!colon()) {
            return false;
        }
        skipWhitespace();
        if (pos == r.length || r[pos] != '{') {
            return false;
        }
        keys.reset();
        int attributesAt = writer.beginItem();
        long size = structFields(1);
        if (size < 0) {
            return false;
        }
        skipWhitespace();
        if (pos == r.length || r[pos] != '}' || size > ItemSize.MAX_ITEM_BYTES || !keys.valid()) {
            return false;
        }
        pos++;
        byte[] key = keys.keyBytes(writer);
        pending.add(key, writer.closeItem(attributesAt, entryCount), writer.position());
        return true;
    }

    /**
     * The struct at {@code pos}, each field written as name and value, its values at {@code level}.
     * Returns the fields' size (names and values, without the container's overhead) and sets
     * {@link #entryCount}. At level 1 these are the item's attributes: names must not be empty, and
     * keys are noted.
     */
    private long structFields(int level) {
        pos++;
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
            int place = names.nextPlace();
            int nameLength = names.matches(r, pos, place, -1);
            long hash;
            int match;
            if (nameLength >= 0) {
                // the identifier the previous record had here: already checked, hashed and matched
                writer.putStringHeader(nameLength);
                writer.put(names.name(place), 0, nameLength);
                pos += nameLength;
                hash = names.hash(place);
                match = names.key(place);
            } else {
                boolean identifier = pos < r.length && r[pos] != '"' && r[pos] != '\'';
                int nameAt = fieldName();
                if (nameAt < 0) {
                    return FAIL;
                }
                nameLength = writer.stringLength();
                byte[] buf = writer.buffer();
                hash = FusedHashes.ofName(buf, nameAt, nameLength);
                match = keys.match(buf, nameAt, nameLength, hash);
                if (identifier) {
                    names.remember(place, buf, nameAt, nameLength, hash, match);
                } else {
                    names.forget(place); // a quoted name may be a keyword, which no identifier can be
                }
            }
            if ((level == 1 && nameLength == 0)
                    || ++count > MAX_CHECKED_ELEMENTS
                    || !hashes.addDistinct(mark, hash)
                    || !colon()) {
                return FAIL;
            }
            int key = level == 1 ? match : -1;
            skipWhitespace();
            long valueSize = value(level, key);
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
            skipWhitespace();
            if (pos < r.length && r[pos] == '}') {
                return FAIL; // a trailing comma: the reference reader decides
            }
        }
    }

    /**
     * A field name written as a string: an identifier that is not a keyword or symbol ID, or a
     * quoted symbol or string without escapes. Returns where its content was written, or -1.
     */
    private int fieldName() {
        if (pos == r.length) {
            return -1;
        }
        byte b = r[pos];
        if (b == '"' || (b == '\'' && !(pos + 1 < r.length && r[pos + 1] == '\''))) {
            return quoted(b);
        }
        int end = identifierEnd(pos);
        if (end == pos) {
            return -1;
        }
        // only names starting n, t, f or $ can be keywords or symbol IDs
        if ((b == 'n' || b == 't' || b == 'f' || b == '$')
                && (isKeyword(pos, end, "null")
                        || isKeyword(pos, end, "true")
                        || isKeyword(pos, end, "false")
                        || isKeyword(pos, end, "nan")
                        || isSymbolId(pos, end))) {
            return -1;
        }
        int length = end - pos;
        writer.putStringHeader(length);
        int at = writer.position();
        writer.put(r, pos, length);
        writer.noteString(at, length);
        pos = end;
        return at;
    }

    /** The quoted text at {@code pos} written as a string, or -1; see {@link #fieldName}. */
    private int quoted(byte quote) {
        int end = writer.putQuoted(r, pos + 1, quote, true);
        if (end < 0 || !wellFormed(pos + 1, end)) {
            return -1;
        }
        pos = end + 1;
        return writer.stringAt();
    }

    /**
     * The value at {@code pos}, sitting at {@code level} (1: an item attribute's value): writes it
     * and returns its size, noting it as key attribute {@code key} (-1 for none).
     */
    private long value(int level, int key) {
        if (pos == r.length || level > ItemValidator.MAX_NESTING_LEVELS || level > IonAttrValueReader.MAX_LEVELS) {
            return FAIL;
        }
        byte b = r[pos];
        if (b == '"') {
            writer.putByte(ItemCodec.TAG_S);
            int at = quoted(b);
            if (at < 0) {
                return FAIL;
            }
            if (key >= 0) {
                keys.found(key, ItemCodec.TAG_S, at, writer.stringLength());
            }
            return writer.stringLength();
        }
        if (b == '-' || isDigit(b)) {
            writer.putByte(ItemCodec.TAG_N);
            long size = number();
            if (size >= 0 && key >= 0) {
                keys.found(key, ItemCodec.TAG_N, writer.stringAt(), writer.stringLength());
            }
            return size;
        }
        if (key >= 0 && b != '{') {
            return FAIL; // no other value can be a key, but a blob can
        }
        if (b == '{') {
            if (pos + 1 < r.length && r[pos + 1] == '{') {
                return blobValue(key);
            }
            if (key >= 0) {
                return FAIL;
            }
            writer.putByte(ItemCodec.TAG_M);
            int countAt = writer.reserveCount();
            long size = structFields(level + 1);
            if (size < 0) {
                return FAIL;
            }
            writer.patchCount(countAt, entryCount);
            return containerSize(entryCount, size);
        }
        if (b == '[') {
            return list(level);
        }
        if (b == 't' && keyword("true")) {
            writer.putTagged(ItemCodec.TAG_BOOL, 1);
            return 1;
        }
        if (b == 'f' && keyword("false")) {
            writer.putTagged(ItemCodec.TAG_BOOL, 0);
            return 1;
        }
        if (b == 'n' && keyword("null")) {
            writer.putByte(ItemCodec.TAG_NULL);
            return 1;
        }
        return b == '$' ? set() : FAIL;
    }

    /** {@code true}, {@code false} or {@code null} at {@code pos}, followed by a delimiter. */
    private boolean keyword(String word) {
        int end = pos + word.length();
        if (!regionEquals(pos, word) || end >= r.length || !isDelimiter(r[end])) {
            return false;
        }
        pos = end;
        return true;
    }

    private long list(int level) {
        pos++;
        writer.putByte(ItemCodec.TAG_L);
        int countAt = writer.reserveCount();
        int count = 0;
        long size = 0;
        skipWhitespace();
        if (pos < r.length && r[pos] == ']') {
            pos++;
        } else {
            while (true) {
                long element = value(level + 1, -1);
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

    /** What DynamoDB counts for a list or map: 3 bytes, one per element, and the elements. */
    private static long containerSize(int count, long elements) {
        return 3 + count + elements;
    }

    /** {@code $dynamodb_SS/NS/BS::[...]} at {@code pos}: non-empty, elements distinct (by hash). */
    private long set() {
        int start = pos;
        int end = identifierEnd(pos);
        if (end - start != 12 || !regionEquals(start, "$dynamodb_") || r[start + 11] != 'S') {
            return FAIL;
        }
        byte kind = r[start + 10];
        byte tag;
        if (kind == 'S') {
            tag = ItemCodec.TAG_SS;
        } else if (kind == 'N') {
            tag = ItemCodec.TAG_NS;
        } else if (kind == 'B') {
            tag = ItemCodec.TAG_BS;
        } else {
            return FAIL;
        }
        pos = end;
        skipWhitespace();
        if (pos + 1 >= r.length || r[pos] != ':' || r[pos + 1] != ':') {
            return FAIL;
        }
        pos += 2;
        skipWhitespace();
        if (pos == r.length || r[pos] != '[') {
            return FAIL;
        }
        pos++;
        skipWhitespace();
        writer.putByte(tag);
        int countAt = writer.reserveCount();
        int mark = hashes.mark();
        int count = 0;
        long size = 0;
        while (true) {
            if (pos == r.length) {
                return FAIL; // also an empty set, "[]": the validator refuses it
            }
            byte b = r[pos];
            long element;
            long hash;
            if (kind == 'S' && b == '"') {
                int at = quoted(b);
                if (at < 0) {
                    return FAIL;
                }
                element = writer.stringLength();
                hash = FusedHashes.of(writer.buffer(), at, writer.stringLength());
            } else if (kind == 'N' && (b == '-' || isDigit(b))) {
                element = number();
                int at = writer.stringAt();
                hash = FusedNumber.valueHash(writer.buffer(), at, at + writer.stringLength());
            } else if (kind == 'B' && b == '{' && pos + 1 < r.length && r[pos + 1] == '{') {
                int before = writer.position();
                element = blob();
                hash = FusedHashes.of(writer.buffer(), before, writer.position() - before);
            } else {
                return FAIL;
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
                return FAIL;
            }
        }
        hashes.release(mark);
        writer.patchCount(countAt, count);
        return size;
    }

    /**
     * An int or decimal written as a string holding the text the reference gives it (its digits, or
     * {@link BigDecimal#toString()} of the decimal, as {@link IonFastPathParser} spells it); returns
     * its DynamoDB size, or -1 when it is not a plain number within DynamoDB's limits.
     */
    private long number() {
        int start = pos;
        int i = pos;
        boolean negative = r[i] == '-';
        if (negative) {
            i++;
        }
        int intStart = i;
        while (i < r.length && isDigit(r[i])) {
            i++;
        }
        int intEnd = i;
        if (intEnd == intStart || (r[intStart] == '0' && intEnd - intStart > 1)) {
            return FAIL;
        }
        boolean decimal = false;
        boolean exponent = false;
        int fracStart = -1;
        int fracEnd = -1;
        if (i < r.length && r[i] == '.') {
            decimal = true;
            i++;
            fracStart = i;
            while (i < r.length && isDigit(r[i])) {
                i++;
            }
            fracEnd = i;
        }
        if (i < r.length && (r[i] == 'd' || r[i] == 'D') && isDigit(r[i - 1])) {
            exponent = true;
            i++;
            if (i < r.length && (r[i] == '+' || r[i] == '-')) {
                i++;
            }
            int expStart = i;
            while (i < r.length && isDigit(r[i])) {
                i++;
            }
            if (i == expStart) {
                return FAIL;
            }
        }
        if (i == r.length || !isDelimiter(r[i])) {
            return FAIL; // float, timestamp, hex or binary int, underscores, ...
        }
        pos = i;
        int end;
        if (!decimal && !exponent) {
            if (negative && intEnd - intStart == 1 && r[intStart] == '0') {
                return putNumber(new byte[] {'0'}, 0, 1); // -0 is 0
            }
            end = i;
        } else if (!exponent && r[intStart] != '0') {
            // a plain decimal whose integer part is not 0: written as it is, without a bare point
            end = fracEnd > fracStart ? fracEnd : fracStart - 1;
        } else {
            char[] chars = new char[i - start];
            for (int k = 0; k < chars.length; k++) {
                byte b = r[start + k];
                chars[k] = (b == 'd' || b == 'D') ? 'E' : (char) b;
            }
            byte[] text;
            try {
                text = new BigDecimal(chars).toString().getBytes(StandardCharsets.ISO_8859_1);
            } catch (NumberFormatException e) {
                return FAIL;
            }
            return putNumber(text, 0, text.length);
        }
        return putNumber(r, start, end - start);
    }

    private long putNumber(byte[] text, int from, int length) {
        writer.putStringHeader(length);
        int at = writer.position();
        writer.put(text, from, length);
        writer.noteString(at, length);
        return FusedNumber.plainDecimalSize(text, from, from + length);
    }

    private long blobValue(int key) {
        writer.putByte(ItemCodec.TAG_B);
        int before = writer.position();
        long size = blob();
        if (size >= 0 && key >= 0) {
            int at = before + FusedRecordWriter.varintSize((int) size);
            keys.found(key, ItemCodec.TAG_B, at, (int) size);
        }
        return size;
    }

    /**
     * {@code {{base64}}} at {@code pos} with canonical padding, written as a length and its bytes;
     * returns the byte count, or -1 for whitespace inside, clobs and anything unusual.
     */
    private long blob() {
        int start = pos + 2;
        int i = start;
        while (i < r.length && isBase64(r[i])) {
            i++;
        }
        int n = i - start;
        if (i + 1 >= r.length || r[i] != '}' || r[i + 1] != '}' || n % 4 != 0 || !canonicalPadding(start, n)) {
            return FAIL;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(Arrays.copyOfRange(r, start, i));
        } catch (IllegalArgumentException e) {
            return FAIL;
        }
        pos = i + 2;
        writer.putVarint(decoded.length);
        writer.put(decoded, 0, decoded.length);
        return decoded.length;
    }

    /**
     * Padding only at the end, and the bits of the last data character that fall beyond the data
     * zero, as the fast path requires.
     */
    private boolean canonicalPadding(int start, int n) {
        int end = start + n;
        int firstPad = end;
        while (firstPad > start && r[firstPad - 1] == '=') {
            firstPad--;
        }
        for (int k = start; k < firstPad; k++) {
            if (r[k] == '=') {
                return false;
            }
        }
        int pads = end - firstPad;
        if (pads == 0) {
            return true;
        }
        if (pads > 2 || n < 4) {
            return false;
        }
        int last = base64Value(r[firstPad - 1]);
        return pads == 2 ? (last & 0x0F) == 0 : (last & 0x03) == 0;
    }

    /** After a list element: consumes ']', or ',' and whitespace up to the next element; else -1. */
    private int afterElement() {
        skipWhitespace();
        if (pos == r.length) {
            return -1;
        }
        byte b = r[pos++];
        if (b != ',') {
            return b == ']' ? ']' : -1;
        }
        skipWhitespace();
        // a trailing comma is left to the reference reader
        return pos < r.length && r[pos] != ']' ? ',' : -1;
    }

    /** Consumes whitespace and one ':' that is not the start of '::'. */
    private boolean colon() {
        skipWhitespace();
        if (pos == r.length || r[pos] != ':') {
            return false;
        }
        pos++;
        return pos == r.length || r[pos] != ':';
    }

    /** The string content in {@code r[from, to)} just written is UTF-8 (only non-ASCII needs the check). */
    private boolean wellFormed(int from, int to) {
        return (writer.stringBits() & HIGH_BITS) == 0 || Utf8Validator.firstInvalid(r, from, to) < 0;
    }

    private void skipWhitespace() {
        pos = IonText.skipWhitespace(r, pos);
    }

    private int identifierEnd(int from) {
        return IonText.identifierEnd(r, from);
    }

    private boolean isSymbolId(int start, int end) {
        return IonText.isSymbolId(r, start, end);
    }

    private boolean isKeyword(int start, int end, String keyword) {
        return IonText.isKeyword(r, start, end, keyword);
    }

    private boolean regionEquals(int start, String ascii) {
        return IonText.regionEquals(r, start, ascii);
    }
}
