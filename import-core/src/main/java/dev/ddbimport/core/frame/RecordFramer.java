package dev.ddbimport.core.frame;

import dev.ddbimport.core.compress.DecompressionException;
import dev.ddbimport.core.error.ErrorCode;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Cuts an object's uncompressed bytes into records, in bounded memory whatever the input: about
 * {@code maxRecordBytes} plus one read buffer.
 *
 * <ul>
 *   <li>{@link #lines}: records end at LF; a CR right before the LF belongs to the terminator, a lone
 *       CR is data (DYNAMODB_JSON, ION).
 *   <li>{@link #csv}: records end at LF, CRLF or a bare CR outside quotes; a field that starts with
 *       {@code "} is quoted, may hold delimiters and line breaks, and ends at a {@code "} not followed
 *       by another {@code "}.
 * </ul>
 *
 * <p>Empty and whitespace-only lines give no frame and take no itemIndex, but their bytes count in
 * {@link #bytesRead()}. A record longer than {@code maxRecordBytes} gives one non-fatal {@link
 * FrameError} and framing goes on at the next record. A failure to decompress gives one fatal {@link
 * FrameError} and then the end; any other {@link IOException} of the stream is thrown, since it is an
 * infrastructure failure the caller may retry.
 */
public final class RecordFramer implements Closeable {

    private static final int READ_SIZE = 128 * 1024;
    private static final int HEAD_BYTES = 256;
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;

    private static final byte LF = '\n';
    private static final byte CR = '\r';
    private static final byte QUOTE = '"';

    // CSV scanner states; they survive buffer refills so a record may span any number of reads
    private static final int FIELD_START = 0;
    private static final int UNQUOTED = 1;
    private static final int QUOTED = 2;
    private static final int QUOTE_IN_QUOTED = 3; // saw '"' inside a quoted field: escape or close

    private static final long LF_PATTERN = ByteSearch.pattern(LF);
    private static final long CR_PATTERN = ByteSearch.pattern(CR);
    private static final long QUOTE_PATTERN = ByteSearch.pattern(QUOTE);

    private final InputStream in;
    private final int maxRecordBytes;
    private final int maxBufferBytes;
    private final int skipThreshold;
    private final boolean csv;
    private final byte delimiter;
    private boolean headerPending;

    private byte[] buf;
    private long bufBase; // object offset of buf[0]
    private int start; // first byte of the record being framed
    private int pos; // next byte to scan
    private int lim; // end of the bytes read
    private int csvState = FIELD_START;
    private long nextIndex;

    private boolean skipping; // inside an oversize record: scanning on, keeping nothing
    private long skippedIndex;
    private long skippedOffset;
    private boolean eof;
    private boolean done;

    private RecordFramer(InputStream in, int maxRecordBytes, boolean csv, byte delimiter, boolean headerLine) {
        if (in == null) {
            throw new NullPointerException("input stream is null");
        }
        if (maxRecordBytes < 1 || maxRecordBytes > MAX_ARRAY - READ_SIZE - 2) {
            throw new IllegalArgumentException(
                    "maxRecordBytes must be between 1 and " + (MAX_ARRAY - READ_SIZE - 2) + ", got " + maxRecordBytes);
        }
        this.in = in;
        this.maxRecordBytes = maxRecordBytes;
        this.maxBufferBytes = maxRecordBytes + 2 + READ_SIZE;
        // past this many unterminated bytes a record is too long even if the next byte ends it (and, for
        // lines, the last byte is a CR); waiting for HEAD_BYTES keeps the error's head the same however
        // the reads fall
        this.skipThreshold = Math.max(maxRecordBytes + 1, HEAD_BYTES);
        this.csv = csv;
        this.headerPending = headerLine;
        this.buf = new byte[READ_SIZE];
        this.delimiter = delimiter;
    }

    /** A framer for line-per-record formats (DYNAMODB_JSON, ION). */
    public static RecordFramer lines(InputStream in, int maxRecordBytes) {
        return new RecordFramer(in, maxRecordBytes, false, (byte) 0, false);
    }

    /**
     * A quote-aware CSV framer.
     *
     * @param delimiter the field delimiter, a single ASCII character other than a quote or line break
     * @param headerLine true to hand out the first non-blank record as a {@link HeaderLine}
     */
    public static RecordFramer csv(InputStream in, char delimiter, boolean headerLine, int maxRecordBytes) {
        if (delimiter >= 0x80 || delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
            throw new IllegalArgumentException("CSV delimiter must be a single ASCII character other than a quote,"
                    + " CR or LF, got U+" + String.format("%04X", (int) delimiter));
        }
        return new RecordFramer(in, maxRecordBytes, true, (byte) delimiter, headerLine);
    }

    /**
     * The next header line, record or framing error, or null at the end of the object (and after a
     * fatal error).
     *
     * @throws IOException when the stream fails for a reason other than decompression
     */
    public Frame next() throws IOException {
        while (!done) {
            int end = csv ? scanCsv(pos, lim) : ByteSearch.indexOf(buf, pos, lim, LF_PATTERN);
            if (end >= 0) {
                int recordStart = start;
                pos = end + 1;
                start = pos;
                if (skipping) {
                    skipping = false;
                    continue;
                }
                int contentEnd = !csv && end > recordStart && buf[end - 1] == CR ? end - 1 : end;
                Frame frame = frame(recordStart, contentEnd);
                if (frame != null) {
                    return frame;
                }
                continue;
            }
            pos = lim;
            if (eof) {
                return finish();
            }
            if (!skipping && lim - start > skipThreshold) {
                return startSkipping();
            }
            try {
                fill();
            } catch (DecompressionException e) {
                return decompressionFailed(e);
            }
        }
        return null;
    }

    /**
     * Uncompressed bytes consumed so far: every record, terminator, blank line and skipped byte before
     * the next frame. After the end it is the object's uncompressed size.
     */
    public long bytesRead() {
        return bufBase + start;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** The frame for a whole record in {@code buf[from, to)}; null for a blank line. */
    private Frame frame(int from, int to) {
        if (isBlank(from, to)) {
            return null;
        }
        long offset = bufBase + from;
        if (to - from > maxRecordBytes) {
            return tooLarge(offset, Arrays.copyOfRange(buf, from, Math.min(to, from + HEAD_BYTES)));
        }
        byte[] bytes = Arrays.copyOfRange(buf, from, to);
        if (headerPending) {
            headerPending = false;
            return new HeaderLine(offset, bytes);
        }
        return new RawRecord(nextIndex++, offset, bytes);
    }

    private boolean isBlank(int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = buf[i];
            if (b != ' ' && b != '\t' && b != CR && b != '\f' && b != 0x0B) {
                return false;
            }
        }
        return true;
    }

    private Frame startSkipping() {
        long offset = bufBase + start;
        byte[] head = Arrays.copyOfRange(buf, start, Math.min(lim, start + HEAD_BYTES));
        skipping = true;
        skippedIndex = nextIndex;
        skippedOffset = offset;
        // the bytes so far are of no further use; keep scanning the quote state from here
        bufBase += lim;
        start = 0;
        pos = 0;
        lim = 0;
        return tooLarge(offset, head);
    }

    private FrameError tooLarge(long offset, byte[] head) {
        if (headerPending) {
            done = true;
            // no record can be read without the header: the error points at the first one
            return new FrameError(
                    0,
                    offset,
                    -1,
                    ErrorCode.RECORD_TOO_LARGE,
                    "Header line (byte offset " + offset + ") is larger than the " + maxRecordBytes
                            + "-byte record limit; the object cannot be read without its header: shorten the"
                            + " header or raise the record size limit",
                    head,
                    true);
        }
        long index = nextIndex++;
        return new FrameError(
                index,
                offset,
                -1,
                ErrorCode.RECORD_TOO_LARGE,
                "Record at itemIndex " + index + " (byte offset " + offset + ") is larger than the " + maxRecordBytes
                        + "-byte record limit; skipped to the next record",
                head,
                false);
    }

    /** At the end of the input: the last record if it has no terminator, or the unclosed-quote error. */
    private Frame finish() {
        done = true;
        int from = start;
        start = lim;
        if (skipping) {
            skipping = false;
            return csv && csvState == QUOTED ? unterminatedQuote(skippedIndex, skippedOffset, new byte[0]) : null;
        }
        if (from == lim) {
            return null;
        }
        if (csv && csvState == QUOTED) {
            return unterminatedQuote(
                    nextIndex, bufBase + from, Arrays.copyOfRange(buf, from, Math.min(lim, from + HEAD_BYTES)));
        }
        return frame(from, lim);
    }

    private FrameError unterminatedQuote(long index, long offset, byte[] head) {
        String what = headerPending ? "Header line" : "Record at itemIndex " + index;
        return new FrameError(
                headerPending ? 0 : index,
                offset,
                -1,
                ErrorCode.CSV_UNTERMINATED_QUOTE,
                what + " (byte offset " + offset + ") opens a quoted field that is never closed: the object ends"
                        + " inside it; close the quote (a quote inside a quoted field is written as \"\")",
                head,
                true);
    }

    private Frame decompressionFailed(DecompressionException e) {
        done = true;
        byte[] head = Arrays.copyOfRange(buf, start, Math.min(lim, start + HEAD_BYTES));
        return new FrameError(
                nextIndex, e.uncompressedOffset(), e.compressedOffset(), e.errorCode(), e.getMessage(), head, true);
    }

    /** Reads more bytes after the unfinished record, making room first; sets {@link #eof} at the end. */
    private void fill() throws IOException {
        if (skipping) {
            bufBase += lim; // nothing of an oversize record is kept
            start = 0;
            pos = 0;
            lim = 0;
        } else if (start > 0) {
            int keep = lim - start;
            System.arraycopy(buf, start, buf, 0, keep);
            bufBase += start;
            pos -= start;
            lim = keep;
            start = 0;
        }
        if (lim == buf.length) {
            // a long record: grow, never past the record limit plus one read
            buf = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, maxBufferBytes));
        }
        int n;
        do {
            n = in.read(buf, lim, buf.length - lim);
        } while (n == 0);
        if (n < 0) {
            eof = true;
        } else {
            lim += n;
        }
    }

    /**
     * Scans CSV bytes from {@code i} for the end of the current record, keeping the quote state across
     * calls; returns the terminator's index or -1 when {@code to} is reached first.
     */
    private int scanCsv(int i, int to) {
        byte[] b = buf;
        int state = csvState;
        while (i < to) {
            if (state == FIELD_START) {
                if (b[i] == QUOTE) {
                    state = QUOTED;
                    i++;
                    continue;
                }
                state = UNQUOTED;
            } else if (state == QUOTED) {
                int q = ByteSearch.indexOf(b, i, to, QUOTE_PATTERN);
                if (q < 0) {
                    i = to;
                    break;
                }
                state = QUOTE_IN_QUOTED;
                i = q + 1;
                continue;
            } else if (state == QUOTE_IN_QUOTED) {
                if (b[i] == QUOTE) { // "" is an escaped quote
                    state = QUOTED;
                    i++;
                    continue;
                }
                state = UNQUOTED; // the quoted part ended; anything after it is the parser's business
            }
            // Unquoted: only quotes and line breaks are looked for, not every delimiter. A quote opens a
            // quoted field only when the byte before it is a delimiter. The segment's first byte never
            // needs that check: it follows a field start that was not a quote, a closed quoted part, a
            // data quote, or a read boundary whose last byte was not a delimiter (else FIELD_START).
            int segment = i;
            int k = ByteSearch.indexOfAny(b, i, to, QUOTE_PATTERN, LF_PATTERN, CR_PATTERN);
            if (k < 0) {
                // remember a delimiter at the very end: the next read may start with an opening quote
                state = b[to - 1] == delimiter ? FIELD_START : UNQUOTED;
                i = to;
                break;
            }
            if (b[k] == QUOTE) {
                if (k > segment && b[k - 1] == delimiter) {
                    state = QUOTED;
                }
                i = k + 1;
                continue;
            }
            csvState = FIELD_START;
            return k;
        }
        csvState = state;
        return -1;
    }
}
