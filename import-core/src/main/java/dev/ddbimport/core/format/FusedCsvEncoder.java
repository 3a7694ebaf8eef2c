package dev.ddbimport.core.format;

import dev.ddbimport.core.FormatSpec;
import dev.ddbimport.core.RecordEncoder;
import dev.ddbimport.core.frame.ByteSearch;
import dev.ddbimport.core.item.ItemCodec;
import dev.ddbimport.core.validate.ItemSize;
import dev.ddbimport.core.validate.ItemValidator;
import dev.ddbimport.core.validate.KeySchema;
import dev.ddbimport.core.validate.ScalarType;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Encodes CSV records straight from their bytes to the item record and key bytes, in one pass that
 * splits the fields, writes each non-empty one as it is found and checks on the way what {@link
 * CsvItemParser} and the item validator would check: quotes, column count, UTF-8, numbers, base64,
 * keys present, non-empty and small enough, the item's size. No {@code Item} is built.
 *
 * <p>It never words a rejection itself: the moment a record breaks a rule, or is anything it is not
 * sure of (a number with an exponent, say), the record goes to the reference encoder, so outcomes
 * are the reference's byte for byte (a property test checks this).
 *
 * <p>Not thread-safe: one per thread.
 */
public final class FusedCsvEncoder implements RecordEncoder {

    private static final byte QUOTE = '"';
    private static final long QUOTES = ByteSearch.ONES * QUOTE;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final RecordEncoder reference;
    private final byte delimiter;
    private final long delimiters;
    private final int columns;
    /** Per column: the UTF-8 length of its name, its share of the item size. */
    private final int[] nameSizes;
    /** Per column: its declared key type, or null for a plain S column. */
    private final ScalarType[] types;
    /** Per column: the largest value a key of the table or an index allows it, or 0 if no key. */
    private final int[] keyLimits;

    private final int partitionColumn;
    private final ScalarType partitionType;
    /** -1 when the table has no sort key. */
    private final int sortColumn;

    private final ScalarType sortType;

    /** Per column: its name and type tag as little-endian words, and how many bytes of them count. */
    private final long[][] prefixWords;

    private final int[] prefixLengths;
    /** What an item record may need beyond the record's length: headers, prefixes, word slack. */
    private final int maxOverhead;

    private final FusedRecordWriter writer = new FusedRecordWriter();
    /** Per column: the size of its last value's string header, the guess for the next. */
    private final int[] headerGuess;

    // per record: where the key values' payloads were written, -1 until they are
    private int partitionAt;
    private int partitionLength;
    private int sortAt;
    private int sortLength;

    // results of the last finishValue and copyQuoted, fields rather than objects
    private int valueEnd;
    private int closingQuoteAt;
    private int copyEnd;
    private long quotedHigh;

    private FusedCsvEncoder(RecordEncoder reference, List<String> header, char delimiter, KeySchema keys) {
        this.reference = reference;
        this.delimiter = (byte) delimiter;
        this.delimiters = ByteSearch.ONES * (delimiter & 0xFF);
        this.columns = header.size();
        Map<String, ScalarType> typed = keys.typedAttributes();
        this.prefixWords = new long[columns][];
        this.prefixLengths = new int[columns];
        this.nameSizes = new int[columns];
        this.types = new ScalarType[columns];
        this.keyLimits = new int[columns];
        this.headerGuess = new int[columns];
        Arrays.fill(headerGuess, 1);
        for (int i = 0; i < columns; i++) {
            String name = header.get(i);
            ScalarType type = typed.get(name);
            types[i] = type == ScalarType.S ? null : type;
            byte[] prefix = prefix(name, type == null ? ScalarType.S : type);
            prefixLengths[i] = prefix.length;
            prefixWords[i] = words(prefix);
            nameSizes[i] = ItemSize.utf8Length(name);
            keyLimits[i] = keyLimit(name, keys);
        }
        long overhead = 64;
        for (int length : prefixLengths) {
            overhead += length + 8 + 5; // the prefix, a word's slack, a header's extra bytes
        }
        this.maxOverhead = Math.toIntExact(overhead);
        this.partitionColumn = header.indexOf(keys.partitionKey().name());
        this.partitionType = keys.partitionKey().type();
        this.sortColumn =
                keys.sortKey() == null ? -1 : header.indexOf(keys.sortKey().name());
        this.sortType = keys.sortKey() == null ? null : keys.sortKey().type();
    }

    /**
     * The encoder for CSV records with these columns. Headers it cannot serve fused (every record
     * would be rejected, or a name UTF-8 cannot hold) get the reference encoder.
     *
     * @throws IllegalArgumentException as the reference does, for an unusable header or delimiter
     */
    public static RecordEncoder create(FormatSpec spec, List<String> header) {
        RecordEncoder reference = RecordEncoder.reference(spec, header); // checks header and delimiter
        return servable(header, spec.keys())
                ? new FusedCsvEncoder(reference, header, spec.csvDelimiter(), spec.keys())
                : reference;
    }

    /**
     * True when the table's keys are columns, and every key column's type is the one each key
     * (table or index) declares: else every record is rejected, or an index key could mismatch.
     */
    private static boolean servable(List<String> header, KeySchema keys) {
        if (!header.contains(keys.partitionKey().name())
                || (keys.sortKey() != null && !header.contains(keys.sortKey().name()))) {
            return false;
        }
        Map<String, ScalarType> typed = keys.typedAttributes();
        for (KeySchema.IndexKeys index : keys.indexes()) {
            for (KeySchema.KeyAttribute key : new KeySchema.KeyAttribute[] {index.partitionKey(), index.sortKey()}) {
                if (key != null && typed.get(key.name()) != key.type()) {
                    return false;
                }
            }
        }
        for (String name : header) {
            if (!new String(name.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).equals(name)) {
                return false; // a lone surrogate: the item record holds such a name as UTF-16
            }
        }
        return true;
    }

    private static byte[] prefix(String name, ScalarType type) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        int header = utf8.length << 1;
        int headerSize = FusedRecordWriter.varintSize(header);
        byte[] prefix = new byte[headerSize + utf8.length + 1];
        int o = 0;
        while ((header & ~0x7F) != 0) {
            prefix[o++] = (byte) ((header & 0x7F) | 0x80);
            header >>>= 7;
        }
        prefix[o++] = (byte) header;
        System.arraycopy(utf8, 0, prefix, o, utf8.length);
        prefix[prefix.length - 1] = switch (type) {
            case S -> ItemCodec.TAG_S;
            case N -> ItemCodec.TAG_N;
            case B -> ItemCodec.TAG_B;
        };
        return prefix;
    }

    private static long[] words(byte[] bytes) {
        long[] words = new long[(bytes.length + 7) >>> 3];
        for (int i = 0; i < bytes.length; i++) {
            words[i >>> 3] |= (bytes[i] & 0xFFL) << ((i & 7) << 3);
        }
        return words;
    }

    /**
     * The size limit the item validator applies to this attribute as a key: a table key's own, else
     * the tightest of the indexes it keys (2048 bytes for a partition key, 1024 for a sort key).
     */
    private static int keyLimit(String name, KeySchema keys) {
        if (name.equals(keys.partitionKey().name())) {
            return ItemValidator.PARTITION_KEY_MAX_BYTES;
        }
        if (keys.sortKey() != null && name.equals(keys.sortKey().name())) {
            return ItemValidator.SORT_KEY_MAX_BYTES;
        }
        int limit = 0;
        for (KeySchema.IndexKeys index : keys.indexes()) {
            if (name.equals(index.partitionKey().name())) {
                limit = limit == 0 ? ItemValidator.PARTITION_KEY_MAX_BYTES : limit;
            }
            if (index.sortKey() != null && name.equals(index.sortKey().name())) {
                limit = ItemValidator.SORT_KEY_MAX_BYTES;
            }
        }
        return limit;
    }

    @Override
    public void encode(byte[] record, Output out) {
        if (!encodeFused(record, out)) {
            reference.encode(record, out);
        }
    }

    /**
     * Writes the record's item to {@code out} and returns true, or returns false having written
     * nothing. Each field is copied into the item record as it is scanned, eight bytes at a time,
     * right after its attribute name: one pass over the bytes does the splitting and the copy.
     */
    private boolean encodeFused(byte[] r, Output out) {
        FusedRecordWriter w = writer;
        w.reset();
        int attributesAt = w.beginItem();
        w.ensure(r.length + maxOverhead); // no write below needs a bounds check of its own
        byte[] o = w.buffer();
        int op = attributesAt;
        partitionAt = -1;
        sortAt = -1;
        int n = r.length;
        int i = 0;
        int field = 0;
        int written = 0;
        long size = 0;
        while (true) {
            if (field == columns) {
                return false; // more fields than columns
            }
            int fieldStart = i;
            int fieldAt = op;
            long high = 0; // the OR of the field's bytes: its high bits say whether it holds non-ASCII
            int headerAt = putPrefix(o, op, field);
            // the header's size depends on the length, known only at the end: guess it from
            // this column's last value, as values of a column tend to be alike in length
            int payloadAt = headerAt + headerGuess[field];
            int p = payloadAt;
            if (i < n && r[i] == QUOTE) {
                if (!copyQuoted(r, i + 1, o, p)) {
                    return false;
                }
                high |= quotedHigh;
                p = copyEnd;
                i = closingQuoteAt + 1;
                if (i < n && r[i] != delimiter) {
                    return false;
                }
            } else {
                // eight bytes at a time while none is the delimiter or a quote; the bytes copied
                // past the field's end are overwritten by what follows
                while (i + 8 <= n) {
                    long word = (long) LONGS.get(r, i);
                    LONGS.set(o, p, word);
                    long hit = ByteSearch.zeroBytes(word ^ delimiters) | ByteSearch.zeroBytes(word ^ QUOTES);
                    if (hit != 0) {
                        int k = Long.numberOfTrailingZeros(hit) >>> 3;
                        high |= word & ((1L << (k << 3)) - 1);
                        i += k;
                        p += k;
                        break;
                    }
                    high |= word;
                    i += 8;
                    p += 8;
                }
                byte b;
                while (i < n && (b = r[i]) != delimiter) {
                    if (b == QUOTE) {
                        return false;
                    }
                    high |= b;
                    o[p++] = b;
                    i++;
                }
            }
            // only a field with a non-ASCII byte needs the UTF-8 check, while its bytes are at hand; a
            // sequence cut by the delimiter is ill-formed in the field it starts in, as in the record
            if ((high & ByteSearch.HIGHS) != 0 && Utf8Validator.firstInvalid(r, fieldStart, i) >= 0) {
                return false;
            }
            if (p == payloadAt) {
                op = fieldAt; // an empty field: AWS leaves the attribute out
            } else {
                long valueSize = finishValue(field, o, headerAt, payloadAt, p - payloadAt);
                if (valueSize < 0) {
                    return false;
                }
                size += nameSizes[field] + valueSize;
                written++;
                op = valueEnd;
            }
            field++;
            if (i >= n) {
                break;
            }
            i++; // the delimiter
        }
        if (field != columns || partitionAt < 0 || (sortType != null && sortAt < 0) || size > ItemSize.MAX_ITEM_BYTES) {
            return false;
        }
        w.position(op);
        byte[] key = w.keyBytes(partitionType, partitionAt, partitionLength, sortType, sortAt, sortLength);
        int itemAt = w.closeItem(attributesAt, written);
        out.item(key, w.buffer(), itemAt, op - itemAt);
        return true;
    }

    /** Writes column {@code column}'s name and type tag at {@code op}, a word at a time. */
    private int putPrefix(byte[] o, int op, int column) {
        long[] words = prefixWords[column];
        for (int k = 0; k < words.length; k++) {
            LONGS.set(o, op + (k << 3), words[k]);
        }
        return op + prefixLengths[column];
    }

    /**
     * Completes the value whose payload (the field's unescaped bytes) sits at {@code payloadAt},
     * after room left for its header at {@code headerAt}: writes the header (moving the payload
     * when the room was not the header's size), checks numbers, decodes base64 and notes key values. Returns the
     * value's share of the item size (at least 1) and sets {@link #valueEnd}, or returns -1 when the
     * record must go to the reference.
     */
    private long finishValue(int column, byte[] o, int headerAt, int payloadAt, int length) {
        if (length > ItemCodec.MAX_STRING_UNITS) {
            return -1;
        }
        int headerSize = FusedRecordWriter.varintSize(length << 1);
        if (headerAt + headerSize != payloadAt) {
            System.arraycopy(o, payloadAt, o, headerAt + headerSize, length);
            payloadAt = headerAt + headerSize;
            headerGuess[column] = headerSize;
        }
        FusedRecordWriter.putVarintAt(o, headerAt, length << 1);
        ScalarType type = types[column];
        long size;
        if (type == null) {
            size = length;
        } else if (type == ScalarType.N) {
            size = FusedNumber.plainDecimalSize(o, payloadAt, payloadAt + length);
            if (size < 0) {
                return -1;
            }
        } else {
            // B: the base64 text becomes its bytes, with a length header instead of a string one
            byte[] decoded = decodeBase64(o, payloadAt, length);
            if (decoded == null || decoded.length == 0) {
                return -1;
            }
            length = decoded.length;
            FusedRecordWriter.putVarintAt(o, headerAt, length);
            payloadAt = headerAt + FusedRecordWriter.varintSize(length);
            System.arraycopy(decoded, 0, o, payloadAt, length);
            size = length;
        }
        valueEnd = payloadAt + length;
        int limit = keyLimits[column];
        if (limit != 0) {
            if (type != ScalarType.N && length > limit) {
                return -1; // a valid number is never too large for a key
            }
            if (column == partitionColumn) {
                partitionAt = payloadAt;
                partitionLength = length;
            } else if (column == sortColumn) {
                sortAt = payloadAt;
                sortLength = length;
            }
        }
        return size;
    }

    /**
     * Copies the content of the quoted field starting at {@code r[from]} to {@code o[p]}, one quote
     * of each doubled pair, and sets {@link #closingQuoteAt}, {@link #copyEnd} and {@link
     * #quotedHigh}. False when the record ends before the closing quote.
     */
    private boolean copyQuoted(byte[] r, int from, byte[] o, int p) {
        int n = r.length;
        int j = from;
        long high = 0;
        while (true) {
            while (j + 8 <= n) {
                long word = (long) LONGS.get(r, j);
                LONGS.set(o, p, word);
                long hit = ByteSearch.zeroBytes(word ^ QUOTES);
                if (hit != 0) {
                    int k = Long.numberOfTrailingZeros(hit) >>> 3;
                    high |= word & ((1L << (k << 3)) - 1);
                    j += k;
                    p += k;
                    break;
                }
                high |= word;
                j += 8;
                p += 8;
            }
            byte b;
            while (j < n && (b = r[j]) != QUOTE) {
                high |= b;
                o[p++] = b;
                j++;
            }
            if (j >= n) {
                return false;
            }
            if (j + 1 < n && r[j + 1] == QUOTE) {
                o[p++] = QUOTE; // a doubled quote stands for one
                j += 2;
                continue;
            }
            closingQuoteAt = j;
            copyEnd = p;
            quotedHigh = high;
            return true;
        }
    }

    /** Null when the text is not standard base64 (the reference then words the rejection). */
    private static byte[] decodeBase64(byte[] src, int offset, int length) {
        try {
            return Base64.getDecoder().decode(Arrays.copyOfRange(src, offset, offset + length));
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }
}
