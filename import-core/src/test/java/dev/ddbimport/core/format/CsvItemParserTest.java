package dev.ddbimport.core.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbimport.core.error.ErrorCode;
import dev.ddbimport.core.item.AttrValue;
import dev.ddbimport.core.item.Item;
import dev.ddbimport.core.validate.KeySchema;
import dev.ddbimport.core.validate.KeySchema.IndexKeys;
import dev.ddbimport.core.validate.KeySchema.KeyAttribute;
import dev.ddbimport.core.validate.ScalarType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsvItemParserTest {

    private static final KeySchema PK_ONLY = KeySchema.of(new KeyAttribute("pk", ScalarType.S), null);

    private static CsvItemParser parser(String... header) {
        return new CsvItemParser(List.of(header), ',', PK_ONLY);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static ParseOutcome one(CsvItemParser parser, byte[] record) {
        List<ParseOutcome> outcomes = parser.parse(record);
        assertEquals(1, outcomes.size(), "a CSV record gives exactly one outcome");
        return outcomes.get(0);
    }

    private static Item item(CsvItemParser parser, String record) {
        ParseOutcome outcome = one(parser, bytes(record));
        if (outcome instanceof ParseOutcome.Parsed parsed) {
            return parsed.item();
        }
        throw new AssertionError("expected an item from <" + record + "> but got " + outcome);
    }

    private static ParseOutcome.Rejected rejected(CsvItemParser parser, byte[] record) {
        ParseOutcome outcome = one(parser, record);
        if (outcome instanceof ParseOutcome.Rejected rejected) {
            return rejected;
        }
        throw new AssertionError("expected a rejection but got " + outcome);
    }

    private static Map<String, AttrValue> strings(String... namesAndValues) {
        Map<String, AttrValue> expected = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            expected.put(namesAndValues[i], new AttrValue.S(namesAndValues[i + 1]));
        }
        return expected;
    }

    /** Parses records one by one (as the pipeline does), so a bad one must not disturb its neighbours. */
    private static List<ParseOutcome> all(CsvItemParser parser, byte[]... records) {
        List<ParseOutcome> outcomes = new ArrayList<>();
        for (byte[] record : records) {
            outcomes.add(one(parser, record));
        }
        return outcomes;
    }

    private static void assertParsed(ParseOutcome outcome, Map<String, AttrValue> expected) {
        assertTrue(outcome instanceof ParseOutcome.Parsed, () -> "expected an item but got " + outcome);
        assertEquals(expected, ((ParseOutcome.Parsed) outcome).item().attributes());
    }

    @Test
    void shouldParsePlainFieldsInColumnOrder() {
        Item item = item(parser("pk", "b", "a"), "k1,x,y");
        assertEquals(strings("pk", "k1", "b", "x", "a", "y"), item.attributes());
        assertEquals(List.of("pk", "b", "a"), new ArrayList<>(item.attributes().keySet()));
    }

    @Test
    void shouldKeepWhitespaceAsIs() {
        Item item = item(parser("pk", "v", "w"), " k ,\t x\t,  ");
        assertEquals(strings("pk", " k ", "v", "\t x\t", "w", "  "), item.attributes());
    }

    @Test
    void shouldUnquoteFieldsWithDelimitersNewlinesAndDoubledQuotes() {
        Item item =
                item(parser("pk", "a", "b", "c"), "\"k,1\",\"line1\nline2\r\nline3\rend\",\"say \"\"hi\"\"\",\"\"\"\"");
        assertEquals(
                strings("pk", "k,1", "a", "line1\nline2\r\nline3\rend", "b", "say \"hi\"", "c", "\""),
                item.attributes());
    }

    @Test
    void shouldUnquoteLongFieldsWithDoubledQuotesAnywhere() {
        String text = "\"papa victor lima Zürich\", São Paulo \"\"kilo\" 東京 and a long tail after it\"";
        String quoted = '"' + text.replace("\"", "\"\"") + '"';
        Item item = item(parser("pk", "a"), "k," + quoted);
        assertEquals(strings("pk", "k", "a", text), item.attributes());
    }

    @Test
    void shouldOmitEmptyColumnsWhetherQuotedOrNot() {
        CsvItemParser parser = parser("pk", "a", "b", "c", "d");
        assertEquals(strings("pk", "k", "c", " "), item(parser, "k,,\"\", ,").attributes());
        assertEquals(Map.of(), item(parser, ",,,,").attributes());
    }

    @Test
    void shouldGiveAnItemWithoutTheKeyWhenTheKeyColumnIsEmpty() {
        // the validator then reports "Missing the key pk in the item", as DynamoDB does
        assertEquals(strings("a", "x"), item(parser("pk", "a"), ",x").attributes());
    }

    @ParameterizedTest
    @ValueSource(chars = {',', ';', ':', '|', '\t', ' '})
    void shouldSplitOnEachSupportedDelimiter(char delimiter) {
        CsvItemParser parser = new CsvItemParser(List.of("pk", "a", "b"), delimiter, PK_ONLY);
        String d = String.valueOf(delimiter);
        String others = ",;:| \t".replace(d, "");
        String record = "k" + d + "x" + others + "y" + d + "\"in" + d + "side\"";
        assertEquals(
                strings("pk", "k", "a", "x" + others + "y", "b", "in" + d + "side"),
                item(parser, record).attributes());
    }

    @Test
    void shouldRefuseAnUnsupportedDelimiter() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new CsvItemParser(List.of("pk"), '#', PK_ONLY));
        assertEquals(
                "Unsupported CSV delimiter '#': use one of , ; : | tab or space (ImportTable's Csv.Delimiter)",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CsvItemParser.parseHeader(bytes("a#b"), '"'));
    }

    @Test
    void shouldRejectAQuoteInsideAnUnquotedFieldAndKeepParsingOtherRecords() {
        CsvItemParser parser = parser("id", "value");
        List<ParseOutcome> outcomes = all(
                parser, bytes("1,ok"), bytes("\"123\",Women's Full \"Length\" Dress"), bytes("2,\"fine \"\"too\"\"\""));
        assertParsed(outcomes.get(0), strings("id", "1", "value", "ok"));
        assertEquals(
                new ParseOutcome.Rejected(
                        ErrorCode.CSV_INVALID_QUOTE,
                        "Invalid quote in column 2 (value) at byte 19 of the record: quote inside an unquoted"
                                + " field; quote the whole field and double any quote inside it (\"\")"),
                outcomes.get(1));
        assertParsed(outcomes.get(2), strings("id", "2", "value", "fine \"too\""));
    }

    @Test
    void shouldRejectTextAfterAClosingQuote() {
        CsvItemParser parser = parser("pk", "v");
        List<ParseOutcome> outcomes = all(parser, bytes("\"a\"b,c"), bytes("k,v"), bytes("k,\"v\" "));
        assertEquals(
                new ParseOutcome.Rejected(
                        ErrorCode.CSV_INVALID_QUOTE,
                        "Invalid quote in column 1 (pk) at byte 3 of the record: unexpected character after the"
                                + " closing quote of a quoted field; quote the whole field and double any quote"
                                + " inside it (\"\")"),
                outcomes.get(0));
        assertParsed(outcomes.get(1), strings("pk", "k", "v", "v"));
        assertEquals(
                new ParseOutcome.Rejected(
                        ErrorCode.CSV_INVALID_QUOTE,
                        "Invalid quote in column 2 (v) at byte 5 of the record: unexpected character after the"
                                + " closing quote of a quoted field; quote the whole field and double any quote"
                                + " inside it (\"\")"),
                outcomes.get(2));
    }

    @Test
    void shouldRejectAQuoteAfterLeadingWhitespace() {
        // no trimming: the field starts with a space, so it is unquoted and its quote is stray
        ParseOutcome.Rejected r = rejected(parser("pk", "v"), bytes("k, \"v\""));
        assertEquals(ErrorCode.CSV_INVALID_QUOTE, r.code());
        assertEquals(
                "Invalid quote in column 2 (v) at byte 3 of the record: quote inside an unquoted field; quote the"
                        + " whole field and double any quote inside it (\"\")",
                r.message());
    }

    @Test
    void shouldRejectAQuotedFieldNotClosedWithinTheRecord() {
        CsvItemParser parser = parser("pk", "v");
        List<ParseOutcome> outcomes = all(parser, bytes("k,\"open"), bytes("k,\"a\"\""), bytes("k2,v2"));
        String expected = "Invalid quote in column 2 (v) at byte 2 of the record: quoted field is not closed before"
                + " the end of the record; quote the whole field and double any quote inside it (\"\")";
        assertEquals(new ParseOutcome.Rejected(ErrorCode.CSV_INVALID_QUOTE, expected), outcomes.get(0));
        assertEquals(new ParseOutcome.Rejected(ErrorCode.CSV_INVALID_QUOTE, expected), outcomes.get(1));
        assertParsed(outcomes.get(2), strings("pk", "k2", "v", "v2"));
    }

    @Test
    void shouldNameOnlyTheNumberOfAColumnBeyondTheHeader() {
        ParseOutcome.Rejected r = rejected(parser("pk"), bytes("k,x\"y"));
        assertEquals(
                "Invalid quote in column 2 at byte 3 of the record: quote inside an unquoted field; quote the"
                        + " whole field and double any quote inside it (\"\")",
                r.message());
    }

    @Test
    void shouldRejectTooManyAndTooFewColumnsAndKeepParsingOtherRecords() {
        CsvItemParser parser = parser("pk", "a", "b", "c");
        List<ParseOutcome> outcomes =
                all(parser, bytes("k,1,2,3,4"), bytes("k,1,2,3"), bytes("k,1,2"), bytes("k,\"1,2\",3,"));
        assertEquals(
                new ParseOutcome.Rejected(
                        ErrorCode.CSV_COLUMN_COUNT_MISMATCH,
                        "Wrong number of columns: expected 4 columns (from the header) but found 5"),
                outcomes.get(0));
        assertParsed(outcomes.get(1), strings("pk", "k", "a", "1", "b", "2", "c", "3"));
        assertEquals(
                new ParseOutcome.Rejected(
                        ErrorCode.CSV_COLUMN_COUNT_MISMATCH,
                        "Wrong number of columns: expected 4 columns (from the header) but found 3"),
                outcomes.get(2));
        assertParsed(outcomes.get(3), strings("pk", "k", "a", "1,2", "b", "3"));
    }

    @Test
    void shouldCountATrailingDelimiterAsAnEmptyColumn() {
        ParseOutcome.Rejected r = rejected(parser("pk", "a"), bytes("k,a,"));
        assertEquals(ErrorCode.CSV_COLUMN_COUNT_MISMATCH, r.code());
        assertEquals("Wrong number of columns: expected 2 columns (from the header) but found 3", r.message());
    }

    @Test
    void shouldRejectInvalidUtf8WithItsBytePositionAndKeepParsingOtherRecords() {
        CsvItemParser parser = parser("pk", "name");
        byte[] bad = {'k', ',', 'c', 'a', 'f', (byte) 0xC3, '(', 'x'};
        List<ParseOutcome> outcomes = all(parser, bytes("k0,Zürich"), bad, bytes("k2,東京"));
        assertParsed(outcomes.get(0), strings("pk", "k0", "name", "Zürich"));
        assertEquals(
                new ParseOutcome.Rejected(
                        ErrorCode.INVALID_UTF8,
                        "Invalid UTF-8 at byte 5 of the record (0xC3, in column 2 (name)); the file must be UTF-8"
                                + " encoded"),
                outcomes.get(1));
        assertParsed(outcomes.get(2), strings("pk", "k2", "name", "東京"));
    }

    @Test
    void shouldRejectInvalidUtf8InsideAQuotedField() {
        byte[] bad = {'"', 'a', ',', (byte) 0xFF, '"', ',', 'v'};
        ParseOutcome.Rejected r = rejected(parser("pk", "v"), bad);
        assertEquals(ErrorCode.INVALID_UTF8, r.code());
        assertEquals(
                "Invalid UTF-8 at byte 3 of the record (0xFF, in column 1 (pk)); the file must be UTF-8 encoded",
                r.message());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "C0 AF", // overlong '/'
                "E0 80 AF", // overlong
                "ED A0 80", // surrogate U+D800
                "F4 90 80 80", // above U+10FFFF
                "F5 80 80 80", // never a lead byte
                "80", // lone continuation
                "E2 82", // truncated at the end of the record
                "F0 9F 98" // truncated 4-byte sequence
            })
    void shouldRejectEveryKindOfIllFormedUtf8(String hex) {
        String[] parts = hex.split(" ");
        byte[] record = new byte[3 + parts.length];
        record[0] = 'k';
        record[1] = ',';
        record[2] = 'x';
        for (int i = 0; i < parts.length; i++) {
            record[3 + i] = (byte) Integer.parseInt(parts[i], 16);
        }
        ParseOutcome.Rejected r = rejected(parser("pk", "v"), record);
        assertEquals(ErrorCode.INVALID_UTF8, r.code());
        assertTrue(r.message().startsWith("Invalid UTF-8 at byte 3 of the record (0x" + parts[0]), r.message());
    }

    @Test
    void shouldAcceptWellFormedMultiByteUtf8OfEveryLength() {
        String text = "é€😀\u0800\uFFFD\uD7FF\uE000\uDBFF\uDFFF"; // 2-, 3- and 4-byte forms at their edges
        assertEquals(strings("pk", text), item(parser("pk"), text).attributes());
    }

    @Test
    void shouldReportAQuoteProblemBeforeAColumnCountProblem() {
        ParseOutcome.Rejected r = rejected(parser("pk", "v"), bytes("a\"b,c,d"));
        assertEquals(ErrorCode.CSV_INVALID_QUOTE, r.code());
    }

    @Test
    void shouldTypeTableAndIndexKeyColumnsFromTheKeySchema() {
        KeySchema keys = new KeySchema(
                new KeyAttribute("id", ScalarType.N),
                new KeyAttribute("sk", ScalarType.S),
                List.of(new IndexKeys(
                        "gsi1", new KeyAttribute("gpk", ScalarType.B), new KeyAttribute("gsk", ScalarType.N))));
        CsvItemParser parser = new CsvItemParser(List.of("id", "sk", "gpk", "gsk", "other"), ',', keys);
        Item item = item(parser, "0042,007,AQID/w==,-1.5E3,12");
        assertEquals(new AttrValue.N("0042"), item.get("id"), "N keeps its text; the validator checks it");
        assertEquals(new AttrValue.S("007"), item.get("sk"));
        assertArrayEquals(new byte[] {1, 2, 3, (byte) 0xFF}, ((AttrValue.B) item.get("gpk")).value());
        assertEquals(new AttrValue.N("-1.5E3"), item.get("gsk"));
        assertEquals(new AttrValue.S("12"), item.get("other"), "non-key columns are always S");
    }

    @Test
    void shouldNotValidateNumbersInNumberKeyColumns() {
        KeySchema keys = KeySchema.of(new KeyAttribute("id", ScalarType.N), null);
        CsvItemParser parser = new CsvItemParser(List.of("id"), ',', keys);
        assertEquals(
                new AttrValue.N("not a number"), item(parser, "not a number").get("id"));
    }

    @Test
    void shouldDecodeQuotedAndUnpaddedBase64Keys() {
        KeySchema keys = KeySchema.of(new KeyAttribute("id", ScalarType.B), null);
        CsvItemParser parser = new CsvItemParser(List.of("id", "v"), ',', keys);
        assertArrayEquals(
                bytes("hi!"), ((AttrValue.B) item(parser, "\"aGkh\",x").get("id")).value());
        assertArrayEquals(bytes("hi"), ((AttrValue.B) item(parser, "aGk,x").get("id")).value());
    }

    @Test
    void shouldRejectInvalidBase64InABinaryKeyColumnAndKeepParsingOtherRecords() {
        KeySchema keys = new KeySchema(
                new KeyAttribute("pk", ScalarType.S),
                null,
                List.of(new IndexKeys("byBlob", new KeyAttribute("blob", ScalarType.B), null)));
        CsvItemParser parser = new CsvItemParser(List.of("pk", "blob"), ',', keys);
        List<ParseOutcome> outcomes =
                all(parser, bytes("k1,AAEC"), bytes("k2,not base64!"), bytes("k3,AA E="), bytes("k4,"));
        assertTrue(outcomes.get(0) instanceof ParseOutcome.Parsed);
        String message = "Column 2 (blob) is a key attribute of type B but its value is not valid base64; write"
                + " binary keys in standard base64 (A-Z a-z 0-9 + /, = padding)";
        assertEquals(new ParseOutcome.Rejected(ErrorCode.INVALID_ATTRIBUTE_VALUE, message), outcomes.get(1));
        assertEquals(new ParseOutcome.Rejected(ErrorCode.INVALID_ATTRIBUTE_VALUE, message), outcomes.get(2));
        assertParsed(outcomes.get(3), strings("pk", "k4"));
    }

    @Test
    void shouldParseARecordWithManyMoreFieldsThanExpected() {
        String record = "k" + ",x".repeat(99);
        ParseOutcome.Rejected r = rejected(parser("pk", "a"), bytes(record));
        assertEquals("Wrong number of columns: expected 2 columns (from the header) but found 100", r.message());
    }

    @Test
    void shouldParseLongFieldsAcrossTheWordScan() {
        String longText = "abcdefghij".repeat(30) + "ü" + "xyz".repeat(7);
        String quoted = "q\"\"" + "0123456789".repeat(5) + "\"\"r";
        Item item = item(parser("pk", "a", "b"), longText + ",\"" + quoted + "\"," + "12345678");
        assertEquals(strings("pk", longText, "a", quoted.replace("\"\"", "\""), "b", "12345678"), item.attributes());
    }

    @Test
    void shouldReadAHeaderLine() {
        assertEquals(
                List.of("pk", "a b", "c,d", "e\"f", "Größe"),
                CsvItemParser.parseHeader(bytes("pk,a b,\"c,d\",\"e\"\"f\",Größe"), ','));
        assertEquals(List.of("x", "y"), CsvItemParser.parseHeader(bytes("x\ty"), '\t'));
    }

    @Test
    void shouldDropAByteOrderMarkBeforeTheHeader() {
        byte[] line = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'p', 'k', ',', 'v'};
        assertEquals(List.of("pk", "v"), CsvItemParser.parseHeader(line, ','));
    }

    @Test
    void shouldRefuseAMalformedHeaderWithAClearMessage() {
        assertHeaderRefused("a,,b", "Invalid CSV header: column 2 has an empty name; every column needs a name");
        assertHeaderRefused("a,b,", "Invalid CSV header: column 3 has an empty name; every column needs a name");
        assertHeaderRefused("a,\"\"", "Invalid CSV header: column 2 has an empty name; every column needs a name");
        assertHeaderRefused(
                "a,b,a",
                "Invalid CSV header: column 3 repeats the name 'a' of an earlier column; column names must be unique");
        assertHeaderRefused(
                "a,b\"c",
                "Invalid CSV header: quote inside an unquoted field in column 2 at byte 3; quote a whole column"
                        + " name and double any quote inside it (\"\")");
        assertHeaderRefused(
                "a,\"b",
                "Invalid CSV header: quoted field is not closed before the end of the record in column 2 at byte 2;"
                        + " quote a whole column name and double any quote inside it (\"\")");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> CsvItemParser.parseHeader(new byte[] {'a', ',', (byte) 0xE9, 't', 'e'}, ','));
        assertEquals("Invalid CSV header: not valid UTF-8 at byte 2 (0xE9); save the file as UTF-8", e.getMessage());
    }

    private static void assertHeaderRefused(String line, String message) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> CsvItemParser.parseHeader(bytes(line), ','));
        assertEquals(message, e.getMessage());
    }

    @Test
    void shouldRefuseAnUnusableHeaderList() {
        IllegalArgumentException dup = assertThrows(
                IllegalArgumentException.class, () -> new CsvItemParser(List.of("pk", "pk"), ',', PK_ONLY));
        assertEquals(
                "CSV header: column 2 repeats the name 'pk' of an earlier column; column names must be unique",
                dup.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CsvItemParser(List.of(), ',', PK_ONLY));
        assertThrows(IllegalArgumentException.class, () -> new CsvItemParser(List.of("pk", ""), ',', PK_ONLY));
    }

    @Test
    void shouldNeverThrowOnArbitraryBytes() {
        CsvItemParser parser = parser("pk", "a", "b");
        java.util.Random random = new java.util.Random(7);
        byte[] alphabet = {'a', ',', '"', '\n', '\r', ' ', (byte) 0xC3, (byte) 0xA9, (byte) 0xFF, (byte) 0xE2};
        for (int i = 0; i < 20_000; i++) {
            byte[] record = new byte[random.nextInt(40)];
            for (int j = 0; j < record.length; j++) {
                record[j] = alphabet[random.nextInt(alphabet.length)];
            }
            assertEquals(1, parser.parse(record).size());
        }
    }
}
