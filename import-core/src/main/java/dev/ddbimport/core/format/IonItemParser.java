package dev.ddbimport.core.format;

import com.amazon.ion.IonException;
import com.amazon.ion.IonReader;
import com.amazon.ion.IonType;
import com.amazon.ion.UnknownSymbolException;
import com.amazon.ion.system.IonReaderBuilder;
import dev.ddbimport.core.error.ErrorCode;
import dev.ddbimport.core.item.AttrValue;
import dev.ddbimport.core.item.Item;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses DynamoDB's Amazon Ion import format: one record (line) holds {@code $ion_1_0
 * {Item:{...}}}. Streaming, no Ion DOM: records in the plain subset of Ion that exports use are
 * read by a dedicated scanner ({@link IonFastPathParser}); any other record, and every record that
 * must be rejected, is read by ion-java (one reader per record over its bytes), which defines the
 * behaviour below. Thread-safe: its only state is a
 * {@link NameCache}, which may be shared.
 *
 * <h2>Record shape</h2>
 *
 * <ul>
 *   <li>The {@code $ion_1_0} version marker is optional and may be preceded by whitespace (real
 *       exports always write it; some producers put a space before it).
 *   <li>Every top-level struct is one record value and gives one outcome, in order, so a line may
 *       hold several {@code {Item:…}} structs (as DynamoDB JSON lines may hold several objects).
 *   <li>A top-level list is unwrapped: each element is one record value. This accepts the newer
 *       AWS documentation example ({@code $ion_1_0 [{Item:…},{Item:…}]}) when it is on one line.
 *       Records are lines, so that example as printed (over many lines) is not valid input; neither
 *       is any other multi-line value.
 *   <li>A record value must be a struct with an {@code Item} field holding a struct, else {@code
 *       ION_MISSING_ITEM} (not a struct, no {@code Item}, or no value at all) or {@code
 *       INVALID_ATTRIBUTE_VALUE} ({@code Item} is not a struct). Its other fields are ignored; a
 *       second {@code Item} field is {@code DUPLICATE_ATTRIBUTE_NAME}.
 *   <li>Malformed Ion gives {@code ION_SYNTAX} with the reader's explanation. The outcomes of the
 *       values before it stay; the broken value and the rest of the record give that one rejection
 *       (the reader cannot resynchronise). A symbol ID with no text ({@code $99}) is reported the
 *       same way but as {@code ION_UNSUPPORTED_VALUE}. A rejected value that is well-formed Ion
 *       does not stop the record: the next value is read.
 *   <li>Bytes that are not valid UTF-8 give {@code INVALID_UTF8} for the whole record.
 *   <li>Binary Ion is accepted when a record holds a whole binary stream (it starts with the
 *       binary version marker {@code E0 01 00 EA}); in practice line framing cuts binary Ion at
 *       every 0x0A byte, so binary Ion objects are not a supported input.
 * </ul>
 *
 * <h2>Value mapping</h2>
 *
 * <ul>
 *   <li>string → S; bool → BOOL; decimal → N; blob → B; list → L; struct → M (as AWS documents).
 *   <li>A list annotated {@code $dynamodb_SS}, {@code $dynamodb_NS} or {@code $dynamodb_BS} →
 *       SS, NS or BS. Its elements must be non-null scalars mapping to S, N or B respectively, and
 *       the annotation must be on a non-null list; otherwise {@code INVALID_ATTRIBUTE_VALUE}.
 *       Emptiness and duplicates are left to the item validator.
 *   <li>Any typed null ({@code null}, {@code null.string}, {@code null.list}, …) → NULL.
 *   <li>int → N with its decimal digits, however large. AWS rejects an Ion int for an N key (only
 *       {@code 1.} is a decimal); accepting it is friendlier and loses nothing.
 *   <li>float → N: a finite float becomes the shortest text that reads back as the same double
 *       ({@code 1.5e0} → "1.5"); {@code nan}, {@code +inf}, {@code -inf} → {@code
 *       ION_UNSUPPORTED_VALUE}.
 *   <li>symbol → S (its text; a symbol without text → {@code ION_UNSUPPORTED_VALUE}); timestamp
 *       → S in Ion's ISO-8601 text; clob → B (its bytes).
 *   <li>sexp → {@code ION_UNSUPPORTED_VALUE}: it has no DynamoDB counterpart, and turning code-like
 *       data silently into a list would hide a producer's mistake.
 *   <li>N text is the decimal's exact text as {@link java.math.BigDecimal#toString()} spells it
 *       ({@code 103.} → "103", {@code 6d2} → "6E+2", {@code 1.50} → "1.50", {@code -0.} → "0").
 *       Range and precision are the validator's job; a decimal exponent beyond ±2^31 is a reader
 *       syntax error.
 *   <li>Annotations other than {@code $dynamodb_*} are ignored; any other {@code $dynamodb_*}
 *       annotation is {@code ION_UNSUPPORTED_VALUE}.
 *   <li>Duplicate field names in the item or a nested struct → {@code DUPLICATE_ATTRIBUTE_NAME}.
 *   <li>A value nested deeper than 32 levels (an attribute's value is level 1, an element of it
 *       level 2; so at most 31 L/M around a scalar), counted as the item validator counts → {@code
 *       NESTING_TOO_DEEP} with DynamoDB's message, found without descending further (any depth of
 *       input is safe).
 * </ul>
 *
 * Messages for a value inside the item end with its path, e.g. {@code (at Item.tags[2])}.
 */
public final class IonItemParser implements ItemParser {
    /** Reused for every record; gzip detection is off since a record is never a gzip stream. */
    private static final IonReaderBuilder READERS =
            IonReaderBuilder.standard().withGzipDecompressionEnabled(false).immutable();

    private static final String ITEM_FIELD = "Item";

    private final NameCache names = new NameCache();

    @Override
    public List<ParseOutcome> parse(byte[] record) {
        if (!isBinaryIon(record)) {
            int invalid = IonUtf8Validator.firstInvalidOffset(record);
            if (invalid >= 0) {
                return List.of(new ParseOutcome.Rejected(
                        ErrorCode.INVALID_UTF8, "Invalid UTF-8 byte sequence at byte offset " + invalid));
            }
        }
        List<ParseOutcome> items = IonFastPathParser.tryParse(record, names);
        return items != null ? items : parseWithIonReader(record);
    }

    /** The reference path: everything the fast path leaves, read with ion-java. */
    static List<ParseOutcome> parseWithIonReader(byte[] record) {
        List<ParseOutcome> outcomes = new ArrayList<>(1);
        try (IonReader reader = READERS.build(record)) {
            readRecordValues(reader, outcomes);
        } catch (UnknownSymbolException e) {
            outcomes.add(new ParseOutcome.Rejected(
                    ErrorCode.ION_UNSUPPORTED_VALUE, readerMessage("Unsupported Ion value: ", e)));
        } catch (IonException | IOException e) {
            outcomes.add(new ParseOutcome.Rejected(ErrorCode.ION_SYNTAX, readerMessage("Ion syntax error: ", e)));
        } catch (RuntimeException e) {
            // the reader is not hardened against every malformed (mostly binary) input; whatever
            // it throws, the record is malformed and must not stop the pipeline
            outcomes.add(new ParseOutcome.Rejected(ErrorCode.ION_SYNTAX, readerMessage("Ion syntax error: ", e)));
        }
        if (outcomes.isEmpty()) {
            outcomes.add(new ParseOutcome.Rejected(
                    ErrorCode.ION_MISSING_ITEM, "Ion record holds no value; expected $ion_1_0 {Item:{...}}"));
        }
        return outcomes;
    }

    /** Reads the top-level values (and the elements of a top-level list), one outcome each. */
    private static void readRecordValues(IonReader reader, List<ParseOutcome> outcomes) {
        IonType type;
        while ((type = reader.next()) != null) {
            if (type == IonType.LIST && !reader.isNullValue()) {
                reader.stepIn();
                while ((type = reader.next()) != null) {
                    outcomes.add(readRecordValue(reader, type, 1));
                }
                reader.stepOut();
            } else {
                outcomes.add(readRecordValue(reader, type, 0));
            }
        }
    }

    /**
     * One record value to an outcome, leaving the reader after the value at {@code depth}. An
     * {@link IonException} passes through: the reader cannot go on after one.
     */
    private static ParseOutcome readRecordValue(IonReader reader, IonType type, int depth) {
        ParseOutcome outcome;
        try {
            outcome = new ParseOutcome.Parsed(new Item(readItem(reader, type)));
        } catch (IonRejection rejection) {
            outcome = rejection.toOutcome();
        }
        // after a rejection the reader may be deep inside the value: skip the rest of it
        while (reader.getDepth() > depth) {
            reader.stepOut();
        }
        return outcome;
    }

    private static Map<String, AttrValue> readItem(IonReader reader, IonType type) throws IonRejection {
        if (type != IonType.STRUCT || reader.isNullValue()) {
            throw IonRejection.exactly(
                    ErrorCode.ION_MISSING_ITEM,
                    "Ion record value is " + IonAttrValueReader.describe(reader, type)
                            + "; expected a struct {Item:{...}}");
        }
        reader.stepIn();
        Map<String, AttrValue> attributes = null;
        IonType fieldType;
        while ((fieldType = reader.next()) != null) {
            if (!ITEM_FIELD.equals(reader.getFieldNameSymbol().getText())) {
                continue;
            }
            if (attributes != null) {
                throw IonRejection.exactly(ErrorCode.DUPLICATE_ATTRIBUTE_NAME, "Ion record has two Item fields");
            }
            if (fieldType != IonType.STRUCT || reader.isNullValue()) {
                throw IonRejection.exactly(
                        ErrorCode.INVALID_ATTRIBUTE_VALUE,
                        "Item must be a struct of attributes, not " + IonAttrValueReader.describe(reader, fieldType));
            }
            try {
                attributes = IonAttrValueReader.readAttributes(reader, 1);
            } catch (IonRejection rejection) {
                throw rejection.underItem();
            }
        }
        reader.stepOut();
        if (attributes == null) {
            throw IonRejection.exactly(
                    ErrorCode.ION_MISSING_ITEM, "Ion record struct has no Item field; expected {Item:{...}}");
        }
        return attributes;
    }

    private static boolean isBinaryIon(byte[] record) {
        return record.length >= 4
                && record[0] == (byte) 0xE0
                && record[1] == 0x01
                && record[2] == 0x00
                && record[3] == (byte) 0xEA;
    }

    private static String readerMessage(String prefix, Exception e) {
        String detail =
                e.getMessage() != null ? e.getMessage().strip() : e.getClass().getSimpleName();
        return prefix + detail;
    }
}
