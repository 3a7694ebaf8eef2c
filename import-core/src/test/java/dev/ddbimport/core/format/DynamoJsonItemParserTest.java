package dev.ddbimport.core.format;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.ddbimport.core.TestData;
import dev.ddbimport.core.error.ErrorCode;
import dev.ddbimport.core.item.AttrValue;
import dev.ddbimport.core.item.Item;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DynamoJsonItemParserTest {

    private static final String EXPORT_FILE = "ddbjson_scylla_migrator_export/tests/src/test/s3/test-bucket/"
            + "dynamodb-export/AWSDynamoDB/01715685260608-c488b4e1/data/uimbi7eofu2b5kzkxe63gsvb6i.json.gz";
    private static final String DOCS = "docs_aws_import_format_examples/";

    private static final String GOOD_BEFORE = "{\"Item\":{\"pk\":{\"S\":\"before\"}}}";
    private static final String GOOD_AFTER = "{\"Item\":{\"pk\":{\"S\":\"after\"},\"n\":{\"N\":\"7\"}}}";

    private static final String NESTING = "Nesting Levels have exceeded supported limits:"
            + " Attributes in the item have nested levels beyond supported limit";

    private final DynamoJsonItemParser parser = new DynamoJsonItemParser();

    // ---- real files

    @Test
    void shouldParseEveryAttributeTypeOfARealDynamoDbExport() throws IOException {
        List<Item> items = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(new GZIPInputStream(Files.newInputStream(TestData.path(EXPORT_FILE))), UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                items.add(single(line));
            }
        }

        assertEquals(3, items.size());
        assertEquals(item("id", new AttrValue.S("bar"), "baz", new AttrValue.N("0")), items.get(0));
        assertEquals(item("id", new AttrValue.S("foo"), "bar", new AttrValue.N("42")), items.get(2));
        Item all = items.get(1);
        assertEquals(
                List.of("id", "a", "b", "c", "d", "e", "f", "j", "k"),
                List.copyOf(all.attributes().keySet()));
        assertEquals(new AttrValue.S("K3TXQk84Si"), all.get("id"));
        assertEquals(AttrValue.Bool.FALSE, all.get("a"));
        assertEquals(AttrValue.Null.INSTANCE, all.get("b"));
        assertEquals(new AttrValue.SS(List.of("8gfX8dh0xa", "fRjHZJ2Ce9")), all.get("c"));
        assertEquals(new AttrValue.NS(List.of("3", "2")), all.get("d"));
        assertEquals(new AttrValue.L(List.of(new AttrValue.N("1"), new AttrValue.S("Dsb87qc6Es"))), all.get("e"));
        AttrValue.M f = (AttrValue.M) all.get("f");
        assertEquals(List.of("h", "i", "g"), List.copyOf(f.values().keySet()));
        assertEquals(
                Map.of("h", AttrValue.Null.INSTANCE, "i", AttrValue.Bool.TRUE, "g", new AttrValue.N("9")), f.values());
        assertArrayEquals("hello".getBytes(UTF_8), ((AttrValue.B) all.get("j")).value());
        List<byte[]> k = ((AttrValue.BS) all.get("k")).values();
        assertEquals("is fast", new String(k.get(0), UTF_8));
        assertEquals("scylladb", new String(k.get(1), UTF_8));
    }

    @Test
    void shouldParseTheAwsDocsBooksExampleOneItemPerLine() throws IOException {
        List<String> lines = Files.readAllLines(TestData.path(DOCS + "ddbjson_books_103_105.json"), UTF_8);

        assertEquals(3, lines.size());
        for (int i = 0; i < 3; i++) {
            Item book = single(lines.get(i));
            assertEquals(9, book.attributes().size());
            assertEquals(new AttrValue.N(Integer.toString(103 + i)), book.get("Id"));
            assertEquals(new AttrValue.SS(List.of("Author1", "Author2")), book.get("Authors"));
            assertEquals(AttrValue.Bool.FALSE, book.get("InPublication"));
            assertEquals(new AttrValue.S("Book " + (103 + i) + " Title"), book.get("Title"));
        }
    }

    @ParameterizedTest
    @MethodSource("prettyExamples")
    void shouldRejectEveryLineOfAPrettyPrintedExampleOnItsOwn(Path file) throws IOException {
        for (String line : Files.readAllLines(file, UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            List<ParseOutcome> outcomes = parser.parse(line.getBytes(UTF_8));
            ParseOutcome last = outcomes.get(outcomes.size() - 1);
            assertInstanceOf(ParseOutcome.Rejected.class, last, line);
            // a lone string ("Author2") is valid JSON without an Item; every other line is broken JSON
            ErrorCode expected =
                    line.strip().matches("\"[^\"]*\"") ? ErrorCode.JSON_MISSING_ITEM : ErrorCode.JSON_SYNTAX;
            assertEquals(expected, ((ParseOutcome.Rejected) last).code(), line);
        }
    }

    @ParameterizedTest
    @MethodSource("prettyExamples")
    void shouldParseAPrettyPrintedExampleJoinedIntoOneLine(Path file) throws IOException {
        String joined = String.join(" ", Files.readAllLines(file, UTF_8));

        List<ParseOutcome> outcomes = parser.parse(joined.getBytes(UTF_8));

        assertEquals(1, outcomes.size());
        Item book = ((ParseOutcome.Parsed) outcomes.get(0)).item();
        assertEquals(new AttrValue.N("103"), book.get("Id"));
        assertEquals(new AttrValue.S("333-3333333333"), book.get("ISBN"));
        assertEquals(9, book.attributes().size());
    }

    static List<Path> prettyExamples() {
        return List.of(
                TestData.path(DOCS + "import_format_doc_2023_ddbjson_pretty_example1.json.txt"),
                TestData.path(DOCS + "export_output_doc_ddbjson_pretty_example1.json.txt"));
    }

    // ---- several objects on one line

    @Test
    void shouldGiveOneOutcomePerConcatenatedObjectWithOrWithoutWhitespace() {
        List<ParseOutcome> outcomes = parser.parse((GOOD_BEFORE + GOOD_AFTER + " \t " + GOOD_BEFORE).getBytes(UTF_8));

        assertEquals(3, outcomes.size());
        assertEquals(new AttrValue.S("before"), itemOf(outcomes.get(0)).get("pk"));
        assertEquals(new AttrValue.S("after"), itemOf(outcomes.get(1)).get("pk"));
        assertEquals(new AttrValue.S("before"), itemOf(outcomes.get(2)).get("pk"));
    }

    @Test
    void shouldKeepObjectsBeforeASyntaxErrorAndRejectTheRestOfTheLineOnce() {
        String line = GOOD_BEFORE + GOOD_AFTER + "{\"Item\":{\"a\":{\"S\":\"x\"},}}" + GOOD_AFTER;

        List<ParseOutcome> outcomes = parser.parse(line.getBytes(UTF_8));

        assertEquals(3, outcomes.size());
        assertEquals(new AttrValue.S("before"), itemOf(outcomes.get(0)).get("pk"));
        assertEquals(new AttrValue.S("after"), itemOf(outcomes.get(1)).get("pk"));
        assertRejected(
                outcomes.get(2),
                ErrorCode.JSON_SYNTAX,
                "Malformed JSON at byte offset 96 (column 97): Unexpected character ('}' (code 125)):"
                        + " was expecting double-quote to start field name");
    }

    @Test
    void shouldKeepObjectsBeforeAnInvalidValueAndRejectTheRestOfTheLineOnce() {
        String line = GOOD_BEFORE + "{\"Item\":{\"n\":{\"N\":1}}}" + GOOD_AFTER;

        List<ParseOutcome> outcomes = parser.parse(line.getBytes(UTF_8));

        assertEquals(2, outcomes.size());
        assertEquals(new AttrValue.S("before"), itemOf(outcomes.get(0)).get("pk"));
        assertRejected(
                outcomes.get(1),
                ErrorCode.INVALID_ATTRIBUTE_VALUE,
                "Invalid AttributeValue for n: N must be a JSON string holding the number, found a number");
    }

    @Test
    void shouldRejectTrailingGarbageAfterAGoodObject() {
        List<ParseOutcome> outcomes = parser.parse((GOOD_BEFORE + " x").getBytes(UTF_8));

        assertEquals(2, outcomes.size());
        assertEquals(new AttrValue.S("before"), itemOf(outcomes.get(0)).get("pk"));
        assertRejected(
                outcomes.get(1),
                ErrorCode.JSON_SYNTAX,
                "Malformed JSON at byte offset 31 (column 32): Unrecognized token 'x': was expecting"
                        + " (JSON String, Number, Array, Object or token 'null', 'true' or 'false')");
    }

    @Test
    void shouldGiveNoOutcomeForAWhitespaceOnlyRecord() {
        assertEquals(List.of(), parser.parse(" \t ".getBytes(UTF_8)));
        assertEquals(List.of(), parser.parse(new byte[0]));
    }

    // ---- the top level

    @Test
    void shouldIgnoreMembersOtherThanItem() {
        Item item = single("{\"Metadata\":{\"x\":[1,{\"y\":null}]},\"Item\":{\"pk\":{\"S\":\"a\"}},\"z\":3}");

        assertEquals(item("pk", new AttrValue.S("a")), item);
    }

    @Test
    void shouldAcceptAnEmptyItemForTheValidatorToJudge() {
        assertEquals(new Item(Map.of()), single("{\"Item\":{}}"));
    }

    static List<Arguments> badRecords() {
        String missing = "; each line must hold {\"Item\":{\"name\":{\"S\":\"value\"}}}";
        return List.of(
                Arguments.of(
                        "{\"item\":{\"pk\":{\"S\":\"a\"}}}",
                        ErrorCode.JSON_MISSING_ITEM,
                        "Missing the Item member: the object has no Item member" + missing),
                Arguments.of(
                        "{}",
                        ErrorCode.JSON_MISSING_ITEM,
                        "Missing the Item member: the object has no Item member" + missing),
                Arguments.of(
                        "{\"Item\":[{\"S\":\"a\"}]}",
                        ErrorCode.JSON_MISSING_ITEM,
                        "Missing the Item member: its Item member is an array, not an object of attributes" + missing),
                Arguments.of(
                        "{\"Item\":null}",
                        ErrorCode.JSON_MISSING_ITEM,
                        "Missing the Item member: its Item member is null, not an object of attributes" + missing),
                Arguments.of(
                        "[{\"Item\":{}}]",
                        ErrorCode.JSON_MISSING_ITEM,
                        "Missing the Item member: found an array where an object was expected" + missing),
                Arguments.of(
                        "42",
                        ErrorCode.JSON_MISSING_ITEM,
                        "Missing the Item member: found a number where an object was expected" + missing),
                Arguments.of(
                        "{\"Item\":{},\"Item\":{}}",
                        ErrorCode.JSON_SYNTAX,
                        "Duplicate member \"Item\" at byte offset 11: an object must hold one Item"),
                Arguments.of(
                        "{\"Item\":{\"pk\":{\"S\":\"a\"}}",
                        ErrorCode.JSON_SYNTAX,
                        "Malformed JSON at byte offset 24 (column 25): Unexpected end-of-input: expected close marker for Object"),
                Arguments.of(
                        "{\"Item\":{\"pk\":{\"S\":'a'}}}",
                        ErrorCode.JSON_SYNTAX,
                        "Malformed JSON at byte offset 19 (column 20): Unexpected character (''' (code 39)):"
                                + " expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"),
                Arguments.of(
                        "{\"Item\":{\"pk\":{\"S\":\"a\"}} // note",
                        ErrorCode.JSON_SYNTAX,
                        "Malformed JSON at byte offset 25 (column 26): Unexpected character ('/' (code 47)):"
                                + " maybe a (non-standard) comment? (not recognized as one since Feature 'ALLOW_COMMENTS'"
                                + " not enabled for parser)"));
    }

    @ParameterizedTest
    @MethodSource("badRecords")
    void shouldRejectABadRecordAndStillParseTheRecordsAroundIt(String record, ErrorCode code, String message) {
        assertGoodRecordsAround(record, code, message);
    }

    @Test
    void shouldRejectInvalidUtf8InAStringValue() {
        byte[] record = "{\"Item\":{\"pk\":{\"S\":\"caf\u00e9\"}}}".getBytes(UTF_8);
        record[23] = (byte) 0xFF; // the first byte of é

        assertGoodRecordsAround(
                record,
                ErrorCode.INVALID_UTF8,
                "Invalid UTF-8 near byte offset 24 (column 25): Invalid UTF-8 start byte 0xff");
    }

    @Test
    void shouldRejectInvalidUtf8InAnAttributeName() {
        byte[] record = "{\"Item\":{\"caf\u00e9\":{\"S\":\"a\"}}}".getBytes(UTF_8);
        record[13] = (byte) 0x41; // the lead byte of é becomes 'A', leaving a stray continuation byte

        assertGoodRecordsAround(
                record,
                ErrorCode.INVALID_UTF8,
                "Invalid UTF-8 near byte offset 16 (column 17): Invalid UTF-8 start byte 0xa9");
    }

    // ---- AttributeValue rules

    static List<Arguments> badValues() {
        return List.of(
                Arguments.of(
                        "{}",
                        ErrorCode.INVALID_ATTRIBUTE_VALUE,
                        "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"),
                Arguments.of(
                        "{\"S\":\"a\",\"N\":\"1\"}",
                        ErrorCode.INVALID_ATTRIBUTE_VALUE,
                        "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the"
                                + " supported datatypes"),
                Arguments.of(
                        "{\"S\":\"a\",\"S\":\"b\"}",
                        ErrorCode.INVALID_ATTRIBUTE_VALUE,
                        "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the"
                                + " supported datatypes"),
                Arguments.of(
                        "{\"X\":\"a\"}",
                        ErrorCode.INVALID_ATTRIBUTE_VALUE,
                        "Invalid AttributeValue for v: unknown AttributeValue type \"X\"; supported types are S, N, B,"
                                + " BOOL, NULL, L, M, SS, NS and BS"),
                Arguments.of(
                        "{\"S\":\"a\",\"s\":\"b\"}",
                        ErrorCode.INVALID_ATTRIBUTE_VALUE,
                        "Invalid AttributeValue for v: unknown AttributeValue type \"s\"; supported types are S, N, B,"
                                + " BOOL, NULL, L, M, SS, NS and BS"),
                Arguments.of(
                        "\"a\"",
                        ErrorCode.INVALID_ATTRIBUTE_VALUE,
                        "Invalid AttributeValue for v: an AttributeValue must be a JSON object such as {\"S\":\"text\"},"
                                + " found a string"),
                Arguments.of(
                        "{\"S\":1}",
                        ErrorCode.INVALID_ATTRIBUTE_VALUE,
                        "Invalid AttributeValue for v: S must be a JSON string, found a number"),
                Arguments.of(
                        "{\"S\":null}",
                        ErrorCode.INVALID_ATTRIBUTE_VALUE,
                        "Invalid AttributeValue for v: S must be a JSON string, found null"),
                Arguments.of(
                        "{\"N\":12.5}",
                        ErrorCode.INVALID_ATTRIBUTE_VALUE,
                        "Invalid AttributeValue for v: N must be a JSON string holding the number, found a number"),
                Arguments.of(
                        "{\"B\":\"aGVsbG8*\"}",
                        ErrorCode.INVALID_ATTRIBUTE_VALUE,
                        "Invalid AttributeValue for v: B must hold base64 text: Illegal base64 character 2a"),
                Arguments.of(
                        "{\"B\":[1]}",
                        ErrorCode.INVALID_ATTRIBUTE_VALUE,
                        "Invalid AttributeValue for v: B must be a base64 JSON string, found an array"),
                Arguments.of(
                        "{\"BOOL\":\"true\"}",
                        ErrorCode.INVALID_ATTRIBUTE_VALUE,
                        "Invalid AttributeValue for v: BOOL must be true or false, found a string"),
                Arguments.of(
                        "{\"NULL\":false}",
                        ErrorCode.INVALID_ATTRIBUTE_VALUE,
                        "One or more parameter values were invalid: Null attribute value types must have the value of"
                                + " true"),
                Arguments.of(
                        "{\"NULL\":null}",
                        ErrorCode.INVALID_ATTRIBUTE_VALUE,
                        "Invalid AttributeValue for v: NULL must be true, found null"),
                Arguments.of(
                        "{\"L\":{}}",
                        ErrorCode.INVALID_ATTRIBUTE_VALUE,
                        "Invalid AttributeValue for v: L must be a JSON array of AttributeValues, found an object"),
                Arguments.of(
                        "{\"L\":[{\"S\":\"a\"},\"b\"]}",
                        ErrorCode.INVALID_ATTRIBUTE_VALUE,
                        "Invalid AttributeValue for v[1]: an AttributeValue must be a JSON object such as"
                                + " {\"S\":\"text\"}, found a string"),
                Arguments.of(
                        "{\"M\":[]}",
                        ErrorCode.INVALID_ATTRIBUTE_VALUE,
                        "Invalid AttributeValue for v: M must be a JSON object of attribute names to AttributeValues,"
                                + " found an array"),
                Arguments.of(
                        "{\"M\":{\"a\":{\"L\":[{\"M\":{\"b\":{\"N\":5}}}]}}}",
                        ErrorCode.INVALID_ATTRIBUTE_VALUE,
                        "Invalid AttributeValue for v.a[0].b: N must be a JSON string holding the number, found a"
                                + " number"),
                Arguments.of(
                        "{\"SS\":\"a\"}",
                        ErrorCode.INVALID_ATTRIBUTE_VALUE,
                        "Invalid AttributeValue for v: SS must be a JSON array of strings, found a string"),
                Arguments.of(
                        "{\"NS\":[\"1\",2]}",
                        ErrorCode.INVALID_ATTRIBUTE_VALUE,
                        "Invalid AttributeValue for v[1]: NS must be a JSON array of strings, found a number in it"),
                Arguments.of(
                        "{\"BS\":[\"aGk=\",\"a\"]}",
                        ErrorCode.INVALID_ATTRIBUTE_VALUE,
                        "Invalid AttributeValue for v[1]: BS must hold base64 text: Input byte[] should at least have"
                                + " 2 bytes for base64 bytes"),
                Arguments.of(
                        "{\"M\":{\"x\":{\"S\":\"1\"},\"x\":{\"S\":\"2\"}}}",
                        ErrorCode.DUPLICATE_ATTRIBUTE_NAME,
                        "Invalid AttributeValue for v: duplicate attribute name \"x\" in the map"));
    }

    @ParameterizedTest
    @MethodSource("badValues")
    void shouldRejectABadAttributeValueAndStillParseTheRecordsAroundIt(String value, ErrorCode code, String message) {
        assertGoodRecordsAround("{\"Item\":{\"pk\":{\"S\":\"a\"},\"v\":" + value + "}}", code, message);
    }

    @Test
    void shouldRejectADuplicateTopLevelAttributeName() {
        assertGoodRecordsAround(
                "{\"Item\":{\"pk\":{\"S\":\"a\"},\"pk\":{\"S\":\"b\"}}}",
                ErrorCode.DUPLICATE_ATTRIBUTE_NAME,
                "Duplicate attribute name \"pk\" in the item");
    }

    @Test
    void shouldAcceptEveryTypeAndLeaveSetAndNumberRulesToTheValidator() {
        Item item = single("{\"Item\":{\"s\":{\"S\":\"\"},\"n\":{\"N\":\"not a number\"},\"b\":{\"B\":\"\"},"
                + "\"t\":{\"BOOL\":true},\"z\":{\"NULL\":true},\"l\":{\"L\":[]},\"m\":{\"M\":{}},"
                + "\"ss\":{\"SS\":[]},\"ns\":{\"NS\":[\"1\",\"1\"]},\"bs\":{\"BS\":[\"aGk=\",\"aGk=\"]},"
                + "\"u\":{\"S\":\"\\u00e9\\ud83d\\ude00\"}}}");

        assertEquals(new AttrValue.S(""), item.get("s"));
        assertEquals(new AttrValue.N("not a number"), item.get("n"));
        assertArrayEquals(new byte[0], ((AttrValue.B) item.get("b")).value());
        assertEquals(AttrValue.Bool.TRUE, item.get("t"));
        assertEquals(AttrValue.Null.INSTANCE, item.get("z"));
        assertEquals(new AttrValue.L(List.of()), item.get("l"));
        assertEquals(new AttrValue.M(Map.of()), item.get("m"));
        assertEquals(new AttrValue.SS(List.of()), item.get("ss"));
        assertEquals(new AttrValue.NS(List.of("1", "1")), item.get("ns"));
        assertEquals(new AttrValue.BS(List.of("hi".getBytes(UTF_8), "hi".getBytes(UTF_8))), item.get("bs"));
        assertEquals(new AttrValue.S("é😀"), item.get("u"));
    }

    // ---- nesting

    @ParameterizedTest
    @MethodSource("containerKinds")
    void shouldAcceptValuesNestedThirtyTwoLevelsDeep(String kind) {
        Item item = single("{\"Item\":{\"pk\":{\"S\":\"a\"},\"d\":" + nested(kind, 31) + "}}");

        AttrValue v = item.get("d");
        int containers = 0;
        while (v instanceof AttrValue.L || v instanceof AttrValue.M) {
            v = v instanceof AttrValue.L l
                    ? l.values().get(0)
                    : ((AttrValue.M) v).values().get("n");
            containers++;
        }
        assertEquals(31, containers);
        assertEquals(new AttrValue.S("leaf"), v);
    }

    @ParameterizedTest
    @MethodSource("containerKinds")
    void shouldAcceptAnEmptyContainerAtTheDeepestLevel(String kind) {
        String open = kind.equals("L") ? "{\"L\":[" : "{\"M\":{\"n\":";
        String close = kind.equals("L") ? "]}" : "}}";
        String empty = kind.equals("L") ? "{\"L\":[]}" : "{\"M\":{}}";

        Item item = single("{\"Item\":{\"d\":" + open.repeat(31) + empty + close.repeat(31) + "}}");

        assertEquals(1, item.attributes().size());
    }

    @ParameterizedTest
    @MethodSource("containerKinds")
    void shouldRejectValuesNestedMoreThanThirtyTwoLevelsDeep(String kind) {
        assertGoodRecordsAround(
                "{\"Item\":{\"pk\":{\"S\":\"a\"},\"d\":" + nested(kind, 32) + "}}",
                ErrorCode.NESTING_TOO_DEEP,
                NESTING);
    }

    @Test
    void shouldRejectHugeNestingWithoutOverflowingTheStack() {
        assertGoodRecordsAround("{\"Item\":{\"d\":" + nested("L", 100_000) + "}}", ErrorCode.NESTING_TOO_DEEP, NESTING);
        assertGoodRecordsAround(
                "{\"Item\":{\"pk\":{\"S\":\"a\"}},\"x\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}",
                ErrorCode.NESTING_TOO_DEEP,
                NESTING);
    }

    static List<String> containerKinds() {
        return List.of("L", "M");
    }

    /** {@code containers} L or M AttributeValues around an S. */
    private static String nested(String kind, int containers) {
        String open = kind.equals("L") ? "{\"L\":[" : "{\"M\":{\"n\":";
        String close = kind.equals("L") ? "]}" : "}}";
        return open.repeat(containers) + "{\"S\":\"leaf\"}" + close.repeat(containers);
    }

    // ---- helpers

    /** Parses good, bad, good through the same parser: only the bad one is rejected, exactly so. */
    private void assertGoodRecordsAround(String bad, ErrorCode code, String message) {
        assertGoodRecordsAround(bad.getBytes(UTF_8), code, message);
    }

    private void assertGoodRecordsAround(byte[] bad, ErrorCode code, String message) {
        assertEquals(new AttrValue.S("before"), single(GOOD_BEFORE).get("pk"));
        List<ParseOutcome> outcomes = parser.parse(bad);
        assertEquals(1, outcomes.size(), outcomes::toString);
        assertRejected(outcomes.get(0), code, message);
        assertEquals(new AttrValue.S("after"), single(GOOD_AFTER).get("pk"));
    }

    private static void assertRejected(ParseOutcome outcome, ErrorCode code, String message) {
        ParseOutcome.Rejected rejected = assertInstanceOf(ParseOutcome.Rejected.class, outcome);
        assertEquals(code, rejected.code());
        assertEquals(message, rejected.message());
    }

    private Item single(String line) {
        List<ParseOutcome> outcomes = parser.parse(line.getBytes(UTF_8));
        assertEquals(1, outcomes.size(), outcomes::toString);
        return itemOf(outcomes.get(0));
    }

    private static Item itemOf(ParseOutcome outcome) {
        return assertInstanceOf(ParseOutcome.Parsed.class, outcome, outcome::toString)
                .item();
    }

    private static Item item(Object... namesAndValues) {
        Map<String, AttrValue> attributes = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            attributes.put((String) namesAndValues[i], (AttrValue) namesAndValues[i + 1]);
        }
        return new Item(attributes);
    }
}
