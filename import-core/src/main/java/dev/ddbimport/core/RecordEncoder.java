package dev.ddbimport.core;

import dev.ddbimport.core.error.ErrorCode;
import dev.ddbimport.core.format.FusedCsvEncoder;
import dev.ddbimport.core.format.FusedDynamoJsonEncoder;
import dev.ddbimport.core.format.FusedIonEncoder;
import dev.ddbimport.core.format.ItemParser;
import dev.ddbimport.core.format.ParseOutcome;
import dev.ddbimport.core.item.ItemCodec;
import dev.ddbimport.core.validate.ItemValidator;
import java.util.Arrays;
import java.util.List;

/**
 * Turns one record into what the pipeline ships: for each valid item its canonical key bytes and its
 * {@link ItemCodec} encoding, for each bad one a rejection with DynamoDB's wording. This is the
 * per-record work of the transform stage and of the format benchmark; parsing into {@code Item}s is
 * one way to do it ({@link #reference}), a format may do it straight from the bytes as long as the
 * output is byte-for-byte the same.
 *
 * <p>Instances are not thread-safe: use one per thread.
 */
public interface RecordEncoder {

    /** Receives the outcomes of one record, in record order. */
    interface Output {
        /** A valid item: {@code ItemCodec.keyBytes} and {@code ItemCodec.encode} of it. */
        void item(byte[] keyBytes, byte[] itemBytes);

        /**
         * The same item, its {@code ItemCodec.encode} bytes at {@code buf[offset, offset + length)},
         * valid only during the call (the encoder reuses the buffer): an output that copies the bytes
         * somewhere anyway saves the array {@link #item(byte[], byte[])} needs. By default, that array.
         */
        default void item(byte[] keyBytes, byte[] buf, int offset, int length) {
            item(keyBytes, Arrays.copyOfRange(buf, offset, offset + length));
        }

        /** A record (or one item of it) that is not imported. */
        void rejected(ErrorCode code, String message);
    }

    /** Parses, validates and encodes {@code record}, calling {@code out} once per item it holds. */
    void encode(byte[] record, Output out);

    /**
     * The encoder for a format.
     *
     * @param csvHeader the CSV columns (the HeaderList or the object's header line); ignored for other
     *     formats
     */
    static RecordEncoder create(FormatSpec spec, List<String> csvHeader) {
        // fused encoders go straight from bytes to the output and leave every record they are not
        // sure of, and every rejection, to the reference: the same output for about half the CPU
        return switch (spec.format()) {
            case CSV -> FusedCsvEncoder.create(spec, csvHeader);
            case DYNAMODB_JSON -> FusedDynamoJsonEncoder.create(spec);
            case ION -> FusedIonEncoder.create(spec);
        };
    }

    /** The encoder that parses into {@code Item}s, validates them and encodes them: the reference. */
    static RecordEncoder reference(FormatSpec spec, List<String> csvHeader) {
        ItemParser parser = ItemParsers.create(spec, csvHeader);
        RecordProcessor processor = new RecordProcessor(parser, new ItemValidator(spec.keys()));
        return (record, out) -> {
            for (ParseOutcome outcome : processor.process(record)) {
                if (outcome instanceof ParseOutcome.Parsed p) {
                    out.item(ItemCodec.keyBytes(p.item(), spec.keys()), ItemCodec.encode(p.item()));
                } else if (outcome instanceof ParseOutcome.Rejected r) {
                    out.rejected(r.code(), r.message());
                }
            }
        };
    }
}
