package dev.ddbimport.core;

import dev.ddbimport.core.error.ErrorCode;
import dev.ddbimport.core.format.CsvItemParser;
import dev.ddbimport.core.format.ParseOutcome;
import dev.ddbimport.core.frame.Frame;
import dev.ddbimport.core.frame.FrameError;
import dev.ddbimport.core.frame.HeaderLine;
import dev.ddbimport.core.frame.RawRecord;
import dev.ddbimport.core.frame.RecordFramer;
import dev.ddbimport.core.item.Item;
import dev.ddbimport.core.model.InputFormat;
import dev.ddbimport.core.validate.ItemValidator;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Reads one whole object — decompress, frame, parse, validate — and reports every item and every
 * error to a listener. Memory stays bounded by the record limit whatever the object's size.
 */
public final class ObjectScanner {

    /** Receives an object's outcomes in order. */
    public interface Listener {
        /**
         * A valid item.
         *
         * @param subIndex position of the item within its record (0 unless a DynamoDB JSON line
         *     holds several objects)
         */
        void onItem(long itemIndex, int subIndex, long offset, Item item);

        /** A rejected record or a framing problem; {@code raw} is the record (or its start), may be null. */
        void onError(long itemIndex, long offset, ErrorCode code, String message, byte[] raw);
    }

    /**
     * Totals for one object.
     *
     * @param records framed records (blank lines and the CSV header are not records)
     * @param items valid items
     * @param errors rejected items and framing errors
     * @param uncompressedBytes every decompressed byte read (DynamoDB's ProcessedSizeBytes)
     * @param failure the message when the object could not be read to its end, else null
     */
    public record Summary(long records, long items, long errors, long uncompressedBytes, String failure) {
        public boolean failed() {
            return failure != null;
        }
    }

    private final FormatSpec spec;
    private final ItemValidator validator;

    public ObjectScanner(FormatSpec spec) {
        this.spec = spec;
        this.validator = new ItemValidator(spec.keys());
    }

    public Summary scan(InputStream raw, Listener listener) throws IOException {
        // a declared compression that does not match the bytes (NONE included) comes back from the
        // framer as a fatal COMPRESSION_MISMATCH error
        InputStream in = spec.compression().decompress(raw, spec.maxUncompressedBytes());
        try (RecordFramer framer = spec.format() == InputFormat.CSV
                ? RecordFramer.csv(in, spec.csvDelimiter(), spec.csvHeaderLine(), spec.maxRecordBytes())
                : RecordFramer.lines(in, spec.maxRecordBytes())) {
            RecordProcessor processor = spec.csvHeaderLine() ? null : processorFor(spec.csvHeaderList());
            long records = 0;
            long items = 0;
            long errors = 0;
            String failure = null;
            Frame frame;
            while ((frame = framer.next()) != null) {
                if (frame instanceof RawRecord record) {
                    records++;
                    List<ParseOutcome> outcomes = processor.process(record.bytes());
                    for (int i = 0; i < outcomes.size(); i++) {
                        if (outcomes.get(i) instanceof ParseOutcome.Parsed parsed) {
                            items++;
                            listener.onItem(record.itemIndex(), i, record.offset(), parsed.item());
                        } else {
                            ParseOutcome.Rejected rejected = (ParseOutcome.Rejected) outcomes.get(i);
                            errors++;
                            listener.onError(
                                    record.itemIndex(),
                                    record.offset(),
                                    rejected.code(),
                                    rejected.message(),
                                    record.bytes());
                        }
                    }
                } else if (frame instanceof FrameError error) {
                    errors++;
                    if (!error.fatal()) {
                        records++;
                    }
                    listener.onError(error.itemIndex(), error.offset(), error.code(), error.message(), error.head());
                    if (error.fatal()) {
                        failure = error.message();
                        break;
                    }
                } else if (frame instanceof HeaderLine header) {
                    try {
                        processor = processorFor(CsvItemParser.parseHeader(header.bytes(), spec.csvDelimiter()));
                    } catch (IllegalArgumentException e) {
                        failure = "Invalid CSV header line: " + e.getMessage();
                        errors++;
                        listener.onError(0, header.offset(), ErrorCode.CSV_INVALID_HEADER, failure, header.bytes());
                        break;
                    }
                }
            }
            return new Summary(records, items, errors, framer.bytesRead(), failure);
        }
    }

    private RecordProcessor processorFor(List<String> csvHeader) {
        return new RecordProcessor(ItemParsers.create(spec, csvHeader), validator);
    }
}
