package dev.ddbimport.core.format;

import dev.ddbimport.core.frame.ByteSearch;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The fields of one CSV record, found in a single pass over its bytes with strict RFC 4180 quote
 * rules: a field is quoted only when its first byte is {@code "}; inside it {@code ""} is one quote
 * and the closing quote must be followed by the delimiter or the end of the record. A quote
 * anywhere else is an error. Work is on bytes: delimiter and quote are ASCII and never occur
 * inside a UTF-8 multi-byte sequence, so no decoding is needed to split.
 *
 * <p>One instance per record (cheap: a few small arrays); not shared between threads.
 */
final class CsvFields {
    private static final byte QUOTE = '"';
    private static final long QUOTES = ByteSearch.ONES * QUOTE;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[] record;
    private int count;
    /**
     * Per field, {@value #STRIDE} ints: where its content starts (after an opening quote), where it
     * ends (before a closing quote), how many doubled quotes it holds, and where the first and the
     * last of those start (so unescaping need not search for them again). One array rather than
     * several keeps the per-record allocation small.
     */
    private int[] bounds;

    private static final int STRIDE = 5;

    private boolean nonAscii;
    /** When nonAscii: every byte before this position is ASCII. */
    private int asciiPrefix = -1;

    /** Set when splitting failed: a message without the column context, and where. */
    private String quoteProblem;

    private int quoteProblemAt;
    private int quoteProblemColumn;

    private CsvFields(byte[] record, int expectedFields) {
        this.record = record;
        this.bounds = new int[STRIDE * Math.max(4, expectedFields + 1)];
    }

    /**
     * Splits {@code record}; check {@link #quoteProblem()} before reading fields.
     *
     * @param expectedFields how many fields are likely (sizes the arrays; more are fine)
     */
    static CsvFields split(byte[] record, byte delimiter, int expectedFields) {
        CsvFields fields = new CsvFields(record, expectedFields);
        fields.scan(delimiter);
        return fields;
    }

    private void scan(byte delimiter) {
        byte[] r = record;
        int n = r.length;
        long delimiters = ByteSearch.ONES * (delimiter & 0xFF);
        int i = 0;
        long high = 0;
        int fieldStart = 0;
        while (true) {
            int field = count;
            if (asciiPrefix < 0 && (high & ByteSearch.HIGHS) != 0) {
                asciiPrefix = fieldStart; // the previous field holds the first non-ASCII byte
            }
            fieldStart = i;
            if (i < n && r[i] == QUOTE) {
                int start = i + 1;
                int j = start;
                int pairs = 0;
                int firstPair = -1;
                int lastPair = -1;
                while (true) {
                    // Skip eight bytes at a time while none of them is a quote.
                    while (j + 8 <= n) {
                        long word = (long) LONGS.get(r, j);
                        long hit = ByteSearch.zeroBytes(word ^ QUOTES);
                        if (hit != 0) {
                            int k = Long.numberOfTrailingZeros(hit) >>> 3;
                            high |= word & ((1L << (k << 3)) - 1);
                            j += k;
                            break;
                        }
                        high |= word;
                        j += 8;
                    }
                    while (j < n && r[j] != QUOTE) {
                        high |= r[j];
                        j++;
                    }
                    if (j >= n) {
                        fail(i, field, "quoted field is not closed before the end of the record");
                        return;
                    }
                    if (j + 1 < n && r[j + 1] == QUOTE) {
                        if (pairs++ == 0) {
                            firstPair = j;
                        }
                        lastPair = j;
                        j += 2;
                        continue;
                    }
                    break;
                }
                add(start, j, pairs, firstPair, lastPair);
                i = j + 1;
                if (i == n) {
                    break;
                }
                if (r[i] != delimiter) {
                    fail(i, field, "unexpected character after the closing quote of a quoted field");
                    return;
                }
                i++;
            } else {
                int start = i;
                // Skip eight bytes at a time while none of them is the delimiter or a quote.
                while (i + 8 <= n) {
                    long word = (long) LONGS.get(r, i);
                    long hit = ByteSearch.zeroBytes(word ^ delimiters) | ByteSearch.zeroBytes(word ^ QUOTES);
                    if (hit != 0) {
                        int k = Long.numberOfTrailingZeros(hit) >>> 3;
                        high |= word & ((1L << (k << 3)) - 1);
                        i += k;
                        break;
                    }
                    high |= word;
                    i += 8;
                }
                byte b;
                while (i < n && (b = r[i]) != delimiter) {
                    if (b == QUOTE) {
                        fail(i, field, "quote inside an unquoted field");
                        return;
                    }
                    high |= b;
                    i++;
                }
                add(start, i, 0, -1, -1);
                if (i == n) {
                    break;
                }
                i++;
            }
        }
        nonAscii = (high & ByteSearch.HIGHS) != 0;
        if (nonAscii && asciiPrefix < 0) {
            asciiPrefix = fieldStart;
        }
    }

    private void add(int start, int end, int pairs, int firstPair, int lastPair) {
        int at = STRIDE * count;
        if (at == bounds.length) {
            bounds = Arrays.copyOf(bounds, 2 * at);
        }
        bounds[at] = start;
        bounds[at + 1] = end;
        bounds[at + 2] = pairs;
        bounds[at + 3] = firstPair;
        bounds[at + 4] = lastPair;
        count++;
    }

    private void fail(int at, int column, String problem) {
        quoteProblem = problem;
        quoteProblemAt = at;
        quoteProblemColumn = column;
    }

    /** Null when the record split cleanly, else what is wrong with its quotes. */
    String quoteProblem() {
        return quoteProblem;
    }

    /** 0-based byte position of the quote problem within the record. */
    int quoteProblemAt() {
        return quoteProblemAt;
    }

    /** 0-based index of the field holding the quote problem. */
    int quoteProblemColumn() {
        return quoteProblemColumn;
    }

    int count() {
        return count;
    }

    /** True when some byte is outside ASCII, so the record needs UTF-8 validation. */
    boolean nonAscii() {
        return nonAscii;
    }

    /**
     * When {@link #nonAscii()}: a position before which every byte is ASCII, so UTF-8 checking may
     * start there (the start of the field holding the first non-ASCII byte).
     */
    int asciiPrefix() {
        return asciiPrefix;
    }

    boolean isEmpty(int field) {
        return bounds[STRIDE * field] == bounds[STRIDE * field + 1];
    }

    /** Index of the field whose content holds byte {@code position} (or the field that follows it). */
    int fieldAt(int position) {
        for (int f = 0; f < count; f++) {
            if (position < bounds[STRIDE * f + 1]) {
                return f;
            }
        }
        return count - 1;
    }

    /**
     * The field's text. Call only on a record already known to be valid UTF-8 when {@link
     * #nonAscii()}.
     */
    String text(int field) {
        int start = bounds[STRIDE * field];
        int end = bounds[STRIDE * field + 1];
        int pairs = bounds[STRIDE * field + 2];
        if (pairs > 0) {
            byte[] unescaped = unescape(field);
            return nonAscii
                    ? new String(unescaped, StandardCharsets.UTF_8)
                    : new String(unescaped, StandardCharsets.ISO_8859_1);
        }
        // ASCII is a subset of Latin-1, whose decoding is a plain copy into a compact string.
        return nonAscii
                ? new String(record, start, end - start, StandardCharsets.UTF_8)
                : new String(record, start, end - start, StandardCharsets.ISO_8859_1);
    }

    /**
     * The field's bytes, unescaped, in a new array the caller owns. Well-formed UTF-8 when the
     * record is (checked separately, see {@link #nonAscii()}).
     */
    byte[] bytes(int field) {
        int at = STRIDE * field;
        if (bounds[at + 2] > 0) {
            return unescape(field);
        }
        int start = bounds[at];
        int end = bounds[at + 1];
        return Arrays.copyOfRange(record, start, end);
    }

    /**
     * Copies the content, one quote of each doubled pair, in runs between the pairs. The first and
     * last pairs are known from the scan; only pairs between them are searched for.
     */
    private byte[] unescape(int field) {
        int at = STRIDE * field;
        int start = bounds[at];
        int end = bounds[at + 1];
        int pairs = bounds[at + 2];
        int lastPair = bounds[at + 4];
        byte[] out = new byte[end - start - pairs];
        int o = 0;
        int run = start;
        int q = bounds[at + 3];
        while (true) {
            int length = q + 1 - run; // up to and including the first quote of the pair
            System.arraycopy(record, run, out, o, length);
            o += length;
            run = q + 2;
            if (q == lastPair) {
                break;
            }
            // every quote between two pairs starts a pair
            q = pairs == 2 ? lastPair : nextQuote(run, lastPair + 1);
        }
        System.arraycopy(record, run, out, o, end - run);
        return out;
    }

    /** Index of the first quote in [from, to), or -1. */
    private int nextQuote(int from, int to) {
        byte[] r = record;
        int i = from;
        while (i + 8 <= to) {
            long hit = ByteSearch.zeroBytes((long) LONGS.get(r, i) ^ QUOTES);
            if (hit != 0) {
                return i + (Long.numberOfTrailingZeros(hit) >>> 3);
            }
            i += 8;
        }
        for (; i < to; i++) {
            if (r[i] == QUOTE) {
                return i;
            }
        }
        return -1;
    }
}
