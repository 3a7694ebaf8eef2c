package dev.ddbimport.core.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazon.ion.IonType;
import com.amazon.ion.IonWriter;
import com.amazon.ion.system.IonBinaryWriterBuilder;
import dev.ddbimport.core.TestData;
import dev.ddbimport.core.error.ErrorCode;
import dev.ddbimport.core.item.AttrValue;
import dev.ddbimport.core.item.DynamoNumber;
import dev.ddbimport.core.item.Item;
import dev.ddbimport.core.validate.ValidationMessages;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class IonItemParserTest {
    private final IonItemParser parser = new IonItemParser();

    // ---- AWS samples

    @Test
    void shouldAcceptBothIssue363LinesAsNumberOne() throws Exception {
        List<String> lines = Files.readAllLines(TestData.path("ion_docs_samples/ion_python_issue363_lines.ion.txt"));
        assertEquals(2, lines.size());
        for (String line : lines) {
            Item item = parsedItem(line);
            assertEquals(new AttrValue.N("1"), item.get("id"), line);
            assertEquals(new AttrValue.S("Alice"), item.get("name"), line);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ion_docs_samples/export_output_doc_ion_example2.ion.txt",
                "ion_docs_samples/import_format_doc_2023_ion_example2.ion.txt"
            })
    void shouldParseDocExampleJoinedIntoOneLine(String file) throws Exception {
        String joined = String.join(" ", Files.readAllLines(TestData.path(file)));
        Item item = parsedItem(joined);
        assertBook(item, "103", "333-3333333333");
    }

    @Test
    void shouldRejectEveryLineOfTheMultiLineDocExampleOnItsOwn() throws Exception {
        List<String> lines =
                Files.readAllLines(TestData.path("ion_docs_samples/import_format_doc_2023_ion_example2.ion.txt"));
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            List<ParseOutcome> outcomes = parse(line);
            assertFalse(outcomes.isEmpty(), line);
            for (ParseOutcome outcome : outcomes) {
                ParseOutcome.Rejected rejected = assertInstanceOf(ParseOutcome.Rejected.class, outcome, line);
                assertTrue(
                        rejected.code() == ErrorCode.ION_SYNTAX || rejected.code() == ErrorCode.ION_MISSING_ITEM,
                        line + " -> " + rejected);
            }
        }
    }

    @Test
    void shouldAcceptEachElementOfTheNewerListExampleJoinedIntoOneLine() throws Exception {
        String joined = String.join(
                " ",
                Files.readAllLines(TestData.path("ion_docs_samples/import_format_doc_newer_ion_list_example.ion.txt")));
        List<ParseOutcome> outcomes = parse(joined);
        assertEquals(3, outcomes.size());
        assertBook(item(outcomes.get(0)), "103", "333-3333333333");
        assertBook(item(outcomes.get(1)), "104", "444-4444444444");
        assertBook(item(outcomes.get(2)), "105", "555-5555555555");
    }

    private static void assertBook(Item item, String id, String isbn) throws Exception {
        assertEquals(new AttrValue.SS(List.of("Author1", "Author2")), item.get("Authors"));
        assertEquals(new AttrValue.S("8.5 x 11.0 x 1.5"), item.get("Dimensions"));
        assertEquals(new AttrValue.S(isbn), item.get("ISBN"));
        assertEquals(new AttrValue.N(id), item.get("Id"));
        assertEquals(AttrValue.Bool.FALSE, item.get("InPublication"));
        assertEquals(new AttrValue.N("6E+2"), item.get("PageCount"));
        assertEquals(DynamoNumber.parse("600"), DynamoNumber.parse(((AttrValue.N) item.get("PageCount")).value()));
        assertEquals(new AttrValue.N("2E+3"), item.get("Price"));
        assertEquals(DynamoNumber.parse("2000"), DynamoNumber.parse(((AttrValue.N) item.get("Price")).value()));
        assertEquals(new AttrValue.S("Book"), item.get("ProductCategory"));
        assertEquals(new AttrValue.S("Book " + id + " Title"), item.get("Title"));
        assertEquals(9, item.attributes().size());
    }

    // ---- record shape

    @ParameterizedTest
    @ValueSource(
            strings = {
                "$ion_1_0 {Item:{a:\"x\"}}",
                " $ion_1_0 {Item:{a:\"x\"}}",
                "{Item:{a:\"x\"}}",
                "\t{Item:{a:\"x\"}}  ",
                "$ion_1_0 $ion_1_0 {Item:{a:\"x\"}}",
                "$ion_1_0 {Item:{a:\"x\"}, other:1, note:\"ignored\"}",
                "$ion_1_0 {Item:{a:\"x\"}} // trailing comment",
                "$ion_1_0 annotation::{Item:{a:\"x\"}}"
            })
    void shouldAcceptTheRecordShapesProducersWrite(String line) {
        assertEquals(Map.of("a", new AttrValue.S("x")), parsedItem(line).attributes());
    }

    @Test
    void shouldKeepAttributeOrder() {
        Item item = parsedItem("{Item:{z:1., a:2., m:3.}}");
        assertEquals(List.of("z", "a", "m"), List.copyOf(item.attributes().keySet()));
    }

    @Test
    void shouldGiveOneOutcomePerTopLevelStruct() {
        List<ParseOutcome> outcomes = parse("$ion_1_0 {Item:{a:1.}} $ion_1_0 {Item:{a:2.}}{Item:{a:3.}}");
        assertEquals(3, outcomes.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(
                    new AttrValue.N(String.valueOf(i + 1)),
                    item(outcomes.get(i)).get("a"));
        }
    }

    @Test
    void shouldReadOnAfterAWellFormedButRejectedValue() {
        List<ParseOutcome> outcomes = parse("{Item:{a:1.}} {Item:{a:nan, b:[[[1.]]]}} {Item:{a:3.}}");
        assertEquals(3, outcomes.size());
        assertEquals(new AttrValue.N("1"), item(outcomes.get(0)).get("a"));
        assertRejected(
                outcomes.get(1),
                ErrorCode.ION_UNSUPPORTED_VALUE,
                "Ion float nan is not a number DynamoDB can store (at Item.a)");
        assertEquals(new AttrValue.N("3"), item(outcomes.get(2)).get("a"));
    }

    @Test
    void shouldGiveOneSyntaxRejectionForTheBrokenValueAndTheRestOfTheRecord() {
        List<ParseOutcome> outcomes = parse("{Item:{a:1.}} {Item:{a:} {Item:{a:3.}}");
        assertEquals(2, outcomes.size());
        assertEquals(new AttrValue.N("1"), item(outcomes.get(0)).get("a"));
        assertEquals(
                ErrorCode.ION_SYNTAX,
                assertInstanceOf(ParseOutcome.Rejected.class, outcomes.get(1)).code());
    }

    @Test
    void shouldParseValidRecordsAroundABadOne() {
        List<String> lines = List.of(
                "$ion_1_0 {Item:{pk:\"a\"}}",
                "$ion_1_0 {Item:{pk:\"b\", x:(+ 1 2)}}",
                "$ion_1_0 {Item:{pk:\"c\"",
                "$ion_1_0 {Item:{pk:\"d\"}}");
        List<ParseOutcome> outcomes = new ArrayList<>();
        for (String line : lines) {
            outcomes.addAll(parse(line));
        }
        assertEquals(4, outcomes.size());
        assertEquals(new AttrValue.S("a"), item(outcomes.get(0)).get("pk"));
        assertEquals(ErrorCode.ION_UNSUPPORTED_VALUE, ((ParseOutcome.Rejected) outcomes.get(1)).code());
        assertEquals(ErrorCode.ION_SYNTAX, ((ParseOutcome.Rejected) outcomes.get(2)).code());
        assertEquals(new AttrValue.S("d"), item(outcomes.get(3)).get("pk"));
    }

    @Test
    void shouldAcceptAWholeBinaryIonRecord() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (IonWriter writer = IonBinaryWriterBuilder.standard().build(out)) {
            writer.stepIn(IonType.STRUCT);
            writer.setFieldName("Item");
            writer.stepIn(IonType.STRUCT);
            writer.setFieldName("pk");
            writer.writeString("binary");
            writer.setFieldName("n");
            writer.writeDecimal(new java.math.BigDecimal("12.5"));
            writer.stepOut();
            writer.stepOut();
        }
        List<ParseOutcome> outcomes = parser.parse(out.toByteArray());
        assertEquals(
                Map.of("pk", new AttrValue.S("binary"), "n", new AttrValue.N("12.5")),
                item(outcomes.get(0)).attributes());
    }

    // ---- value mapping

    static Stream<Arguments> scalarMappings() {
        byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
        return Stream.of(
                Arguments.of("\"x\"", new AttrValue.S("x")),
                Arguments.of("\"\"", new AttrValue.S("")),
                Arguments.of("\"caf\\u00e9 \\U0001F600 \\n\"", new AttrValue.S("café \uD83D\uDE00 \n")),
                Arguments.of("\"日本\"", new AttrValue.S("日本")),
                Arguments.of("'''long ''' '''string'''", new AttrValue.S("long string")),
                Arguments.of("true", AttrValue.Bool.TRUE),
                Arguments.of("false", AttrValue.Bool.FALSE),
                Arguments.of("1.5", new AttrValue.N("1.5")),
                Arguments.of("103.", new AttrValue.N("103")),
                Arguments.of("6d2", new AttrValue.N("6E+2")),
                Arguments.of("2D3", new AttrValue.N("2E+3")),
                Arguments.of("1.50", new AttrValue.N("1.50")),
                Arguments.of("-0.", new AttrValue.N("0")),
                Arguments.of("0.0000001", new AttrValue.N("1E-7")),
                Arguments.of("-12.5d-3", new AttrValue.N("-0.0125")),
                Arguments.of(
                        "12345678901234567890123456789012345678.",
                        new AttrValue.N("12345678901234567890123456789012345678")),
                Arguments.of("1", new AttrValue.N("1")),
                Arguments.of("-42", new AttrValue.N("-42")),
                Arguments.of("0x1F", new AttrValue.N("31")),
                Arguments.of("0b101", new AttrValue.N("5")),
                Arguments.of("1_000", new AttrValue.N("1000")),
                Arguments.of(
                        "-123456789012345678901234567890123456789",
                        new AttrValue.N("-123456789012345678901234567890123456789")),
                Arguments.of("1.5e0", new AttrValue.N("1.5")),
                Arguments.of("1e0", new AttrValue.N("1")),
                Arguments.of("0.1e0", new AttrValue.N("0.1")),
                Arguments.of("-2.5e-3", new AttrValue.N("-0.0025")),
                Arguments.of("1e300", new AttrValue.N("1.0E300")),
                Arguments.of("foo", new AttrValue.S("foo")),
                Arguments.of("'hello world'", new AttrValue.S("hello world")),
                Arguments.of("2007-02-23T12:14:33.079-08:00", new AttrValue.S("2007-02-23T12:14:33.079-08:00")),
                Arguments.of("2007-02-23", new AttrValue.S("2007-02-23")),
                Arguments.of("{{aGVsbG8=}}", new AttrValue.B(hello)),
                Arguments.of("{{ aGVs bG8= }}", new AttrValue.B(hello)),
                Arguments.of("{{}}", new AttrValue.B(new byte[0])),
                Arguments.of("{{\"hello\"}}", new AttrValue.B(hello)),
                Arguments.of("null", AttrValue.Null.INSTANCE),
                Arguments.of("null.null", AttrValue.Null.INSTANCE),
                Arguments.of("null.string", AttrValue.Null.INSTANCE),
                Arguments.of("null.decimal", AttrValue.Null.INSTANCE),
                Arguments.of("null.list", AttrValue.Null.INSTANCE),
                Arguments.of("null.struct", AttrValue.Null.INSTANCE),
                Arguments.of("null.sexp", AttrValue.Null.INSTANCE),
                Arguments.of("[]", new AttrValue.L(List.of())),
                Arguments.of("{}", new AttrValue.M(Map.of())),
                Arguments.of(
                        "[1., \"a\", null, [true], {k:{{AA==}}}]",
                        new AttrValue.L(List.of(
                                new AttrValue.N("1"),
                                new AttrValue.S("a"),
                                AttrValue.Null.INSTANCE,
                                new AttrValue.L(List.of(AttrValue.Bool.TRUE)),
                                new AttrValue.M(Map.of("k", new AttrValue.B(new byte[1])))))),
                Arguments.of(
                        "{'a b':\"x\", \"q\":1., $ion_1_0:2.}",
                        new AttrValue.M(Map.of(
                                "a b",
                                new AttrValue.S("x"),
                                "q",
                                new AttrValue.N("1"),
                                "$ion_1_0",
                                new AttrValue.N("2")))),
                Arguments.of("unknown::\"kept\"", new AttrValue.S("kept")),
                Arguments.of("a::b::[1.]", new AttrValue.L(List.of(new AttrValue.N("1")))),
                Arguments.of("$dynamodb_SS::[\"a\",\"b\"]", new AttrValue.SS(List.of("a", "b"))),
                Arguments.of(
                        "$dynamodb_SS::[\"a\", sym, 2020-01-01T]", new AttrValue.SS(List.of("a", "sym", "2020-01-01"))),
                Arguments.of("$dynamodb_SS::[]", new AttrValue.SS(List.of())),
                Arguments.of("$dynamodb_SS::[\"a\",\"a\"]", new AttrValue.SS(List.of("a", "a"))),
                Arguments.of("$dynamodb_NS::[1., 2, 6d2, 1.5e0]", new AttrValue.NS(List.of("1", "2", "6E+2", "1.5"))),
                Arguments.of("$dynamodb_BS::[{{aGVsbG8=}}, {{\"hello\"}}]", new AttrValue.BS(List.of(hello, hello))),
                Arguments.of("other::$dynamodb_NS::[1.]", new AttrValue.NS(List.of("1"))));
    }

    @ParameterizedTest
    @MethodSource("scalarMappings")
    void shouldMapEachIonValueToItsAttributeValue(String ion, AttrValue expected) {
        assertEquals(expected, parsedItem("$ion_1_0 {Item:{a:" + ion + "}}").get("a"), ion);
    }

    @Test
    void shouldEmitNumberTextThatDynamoNumberAccepts() throws Exception {
        for (String ion : List.of("6d2", "103.", "1.50", "0.0000001", "1e300", "-2.5e-3", "1", "0x1F", "-0.", "-0e0")) {
            String text = ((AttrValue.N) parsedItem("{Item:{a:" + ion + "}}").get("a")).value();
            try {
                DynamoNumber.parse(text);
            } catch (DynamoNumber.InvalidNumberException e) {
                // out of DynamoDB's range is fine here (the validator's call), unreadable is not
                assertEquals(ErrorCode.NUMBER_OUT_OF_RANGE, e.code(), text);
            }
        }
    }

    @Test
    void shouldReadSymbolsFromALocalSymbolTable() {
        Item item = parsedItem("$ion_1_0 $ion_symbol_table::{symbols:[\"pk\",\"v\"]} {Item:{$10:\"x\", a:$11}}");
        assertEquals(Map.of("pk", new AttrValue.S("x"), "a", new AttrValue.S("v")), item.attributes());
    }

    // ---- rejections

    static Stream<Arguments> rejections() {
        return Stream.of(
                Arguments.of(
                        "{Item:{a:nan}}",
                        ErrorCode.ION_UNSUPPORTED_VALUE,
                        "Ion float nan is not a number DynamoDB can store (at Item.a)"),
                Arguments.of(
                        "{Item:{a:+inf}}",
                        ErrorCode.ION_UNSUPPORTED_VALUE,
                        "Ion float +inf is not a number DynamoDB can store (at Item.a)"),
                Arguments.of(
                        "{Item:{m:{l:[1., -inf]}}}",
                        ErrorCode.ION_UNSUPPORTED_VALUE,
                        "Ion float -inf is not a number DynamoDB can store (at Item.m.l[1])"),
                Arguments.of(
                        "{Item:{a:(x y)}}",
                        ErrorCode.ION_UNSUPPORTED_VALUE,
                        "Ion s-expression has no DynamoDB type; use a list for L or a $dynamodb_SS/NS/BS list for a set (at Item.a)"),
                Arguments.of(
                        "{Item:{a:$dynamodb_XS::[\"x\"]}}",
                        ErrorCode.ION_UNSUPPORTED_VALUE,
                        "Unsupported annotation $dynamodb_XS; DynamoDB's Ion format knows $dynamodb_SS, $dynamodb_NS and $dynamodb_BS (at Item.a)"),
                Arguments.of(
                        "{Item:{a:$dynamodb_SS::$dynamodb_NS::[1.]}}",
                        ErrorCode.INVALID_ATTRIBUTE_VALUE,
                        "A value cannot be both $dynamodb_SS and $dynamodb_NS (at Item.a)"),
                Arguments.of(
                        "{Item:{a:$dynamodb_SS::\"x\"}}",
                        ErrorCode.INVALID_ATTRIBUTE_VALUE,
                        "$dynamodb_SS must annotate a list, not a string (at Item.a)"),
                Arguments.of(
                        "{Item:{a:$dynamodb_NS::null.list}}",
                        ErrorCode.INVALID_ATTRIBUTE_VALUE,
                        "$dynamodb_NS must annotate a list, not null.list (at Item.a)"),
                Arguments.of(
                        "{Item:{a:$dynamodb_BS::(x)}}",
                        ErrorCode.INVALID_ATTRIBUTE_VALUE,
                        "$dynamodb_BS must annotate a list, not an s-expression (at Item.a)"),
                Arguments.of(
                        "{Item:{a:$dynamodb_SS::[\"x\", 1.]}}",
                        ErrorCode.INVALID_ATTRIBUTE_VALUE,
                        "$dynamodb_SS element must be a string (or symbol or timestamp), not a decimal (at Item.a[1])"),
                Arguments.of(
                        "{Item:{a:$dynamodb_SS::[null.string]}}",
                        ErrorCode.INVALID_ATTRIBUTE_VALUE,
                        "$dynamodb_SS element must be a string (or symbol or timestamp), not null.string (at Item.a[0])"),
                Arguments.of(
                        "{Item:{a:$dynamodb_SS::[[\"x\"]]}}",
                        ErrorCode.INVALID_ATTRIBUTE_VALUE,
                        "$dynamodb_SS element must be a string (or symbol or timestamp), not a list (at Item.a[0])"),
                Arguments.of(
                        "{Item:{a:$dynamodb_NS::[1., \"2\"]}}",
                        ErrorCode.INVALID_ATTRIBUTE_VALUE,
                        "$dynamodb_NS element must be a decimal (or int or finite float), not a string (at Item.a[1])"),
                Arguments.of(
                        "{Item:{a:$dynamodb_NS::[nan]}}",
                        ErrorCode.ION_UNSUPPORTED_VALUE,
                        "Ion float nan is not a number DynamoDB can store (at Item.a[0])"),
                Arguments.of(
                        "{Item:{a:$dynamodb_BS::[\"aGVsbG8=\"]}}",
                        ErrorCode.INVALID_ATTRIBUTE_VALUE,
                        "$dynamodb_BS element must be a blob (or clob), not a string (at Item.a[0])"),
                Arguments.of(
                        "{Item:{a:$dynamodb_SS::[$dynamodb_NS::\"x\"]}}",
                        ErrorCode.INVALID_ATTRIBUTE_VALUE,
                        "$dynamodb_NS must annotate a list, not a string (at Item.a[0])"),
                Arguments.of(
                        "{Item:{a:1., a:2.}}",
                        ErrorCode.DUPLICATE_ATTRIBUTE_NAME,
                        "Duplicate attribute name a (at Item)"),
                Arguments.of(
                        "{Item:{m:{x:1., y:[{k:1., k:\"v\"}]}}}",
                        ErrorCode.DUPLICATE_ATTRIBUTE_NAME,
                        "Duplicate attribute name k (at Item.m.y[0])"),
                Arguments.of(
                        "{Item:{a:1.}, Item:{b:1.}}",
                        ErrorCode.DUPLICATE_ATTRIBUTE_NAME,
                        "Ion record has two Item fields"),
                Arguments.of(
                        "{item:{a:1.}}",
                        ErrorCode.ION_MISSING_ITEM,
                        "Ion record struct has no Item field; expected {Item:{...}}"),
                Arguments.of(
                        "{}", ErrorCode.ION_MISSING_ITEM, "Ion record struct has no Item field; expected {Item:{...}}"),
                Arguments.of(
                        "\"Item\"",
                        ErrorCode.ION_MISSING_ITEM,
                        "Ion record value is a string; expected a struct {Item:{...}}"),
                Arguments.of(
                        "$ion_1_0 5",
                        ErrorCode.ION_MISSING_ITEM,
                        "Ion record value is an int; expected a struct {Item:{...}}"),
                Arguments.of(
                        "null.struct",
                        ErrorCode.ION_MISSING_ITEM,
                        "Ion record value is null.struct; expected a struct {Item:{...}}"),
                Arguments.of(
                        "null", ErrorCode.ION_MISSING_ITEM, "Ion record value is null; expected a struct {Item:{...}}"),
                Arguments.of(
                        "[[{Item:{}}]]",
                        ErrorCode.ION_MISSING_ITEM,
                        "Ion record value is a list; expected a struct {Item:{...}}"),
                Arguments.of(
                        "", ErrorCode.ION_MISSING_ITEM, "Ion record holds no value; expected $ion_1_0 {Item:{...}}"),
                Arguments.of(
                        "$ion_1_0",
                        ErrorCode.ION_MISSING_ITEM,
                        "Ion record holds no value; expected $ion_1_0 {Item:{...}}"),
                Arguments.of(
                        "/* c */ $ion_1_0 // c",
                        ErrorCode.ION_MISSING_ITEM,
                        "Ion record holds no value; expected $ion_1_0 {Item:{...}}"),
                Arguments.of(
                        "$ion_1_0 []",
                        ErrorCode.ION_MISSING_ITEM,
                        "Ion record holds no value; expected $ion_1_0 {Item:{...}}"),
                Arguments.of(
                        "{Item:[1.]}",
                        ErrorCode.INVALID_ATTRIBUTE_VALUE,
                        "Item must be a struct of attributes, not a list"),
                Arguments.of(
                        "{Item:null}",
                        ErrorCode.INVALID_ATTRIBUTE_VALUE,
                        "Item must be a struct of attributes, not null"),
                Arguments.of(
                        "{Item:\"x\"}",
                        ErrorCode.INVALID_ATTRIBUTE_VALUE,
                        "Item must be a struct of attributes, not a string"),
                Arguments.of(
                        "{Item:{a:$0}}", ErrorCode.ION_UNSUPPORTED_VALUE, "Symbol value has unknown text (at Item.a)"),
                Arguments.of(
                        "{Item:{$0:1.}}",
                        ErrorCode.ION_UNSUPPORTED_VALUE,
                        "Field name is a symbol with unknown text (at Item)"),
                Arguments.of(
                        "{Item:{a:$99}}",
                        ErrorCode.ION_UNSUPPORTED_VALUE,
                        "Unsupported Ion value: Unknown symbol text for $99"),
                Arguments.of(
                        "{Item:{$99:1.}}",
                        ErrorCode.ION_UNSUPPORTED_VALUE,
                        "Unsupported Ion value: Unknown symbol text for $99"),
                Arguments.of(
                        "{Item:{a:1.}",
                        ErrorCode.ION_SYNTAX,
                        "Ion syntax error: Syntax error at line 1 offset 13: invalid syntax [state:STATE_AFTER_VALUE_CONTENTS on token:TOKEN_EOF]"),
                Arguments.of(
                        "{Item:{null:1.}}",
                        ErrorCode.ION_SYNTAX,
                        "Ion syntax error: Syntax error at line 1 offset 12: Cannot use unquoted keyword null as a field name"),
                Arguments.of(
                        "{Item:{a:1d2147483648}}",
                        ErrorCode.ION_SYNTAX,
                        "Ion syntax error: Syntax error at  at line 1 offset 22: Exponent overflow."),
                Arguments.of(
                        "$ion_1_1 {Item:{a:1.}}",
                        ErrorCode.ION_SYNTAX,
                        "Ion syntax error: Unsupported Ion version $ion_1_1"));
    }

    @ParameterizedTest
    @MethodSource("rejections")
    void shouldRejectWithCodeAndMessage(String ion, ErrorCode code, String message) {
        List<ParseOutcome> outcomes = parse(ion);
        assertEquals(1, outcomes.size(), ion);
        assertRejected(outcomes.get(0), code, message);
        // the parser keeps no state: a valid record right after still parses
        assertEquals(new AttrValue.S("ok"), parsedItem("{Item:{pk:\"ok\"}}").get("pk"));
    }

    @Test
    void shouldRejectInvalidUtf8ForTheWholeRecord() {
        byte[] record = "{Item:{a:\"xx\"}}".getBytes(StandardCharsets.US_ASCII);
        record[10] = (byte) 0xC3;
        record[11] = (byte) 0x28;
        List<ParseOutcome> outcomes = parser.parse(record);
        assertEquals(1, outcomes.size());
        assertRejected(outcomes.get(0), ErrorCode.INVALID_UTF8, "Invalid UTF-8 byte sequence at byte offset 10");
        assertEquals(new AttrValue.S("é"), parsedItem("{Item:{a:\"é\"}}").get("a"));
    }

    @Test
    void shouldNotDecompressAGzipLookingRecord() {
        byte[] record = {0x1F, (byte) 0x8B, 0x08, 0x00};
        assertRejected(
                parser.parse(record).get(0), ErrorCode.INVALID_UTF8, "Invalid UTF-8 byte sequence at byte offset 1");
    }

    // ---- nesting

    @Test
    void shouldAcceptValuesUpToLevelThirtyTwo() {
        // the attribute's list is level 1, so the scalar inside 31 lists sits at level 32
        Item lists = parsedItem("{Item:{a:" + "[".repeat(31) + "1." + "]".repeat(31) + "}}");
        AttrValue value = lists.get("a");
        for (int level = 1; level <= 31; level++) {
            value = assertInstanceOf(AttrValue.L.class, value).values().get(0);
        }
        assertEquals(new AttrValue.N("1"), value);
        parsedItem("{Item:{a:" + "[".repeat(32) + "]".repeat(32) + "}}");
        Item maps = parsedItem("{Item:{a:" + "{k:".repeat(31) + "$dynamodb_SS::[\"s\"]" + "}".repeat(31) + "}}");
        assertInstanceOf(AttrValue.M.class, maps.get("a"));
    }

    @ParameterizedTest
    @ValueSource(ints = {32, 33, 1_000, 100_000})
    void shouldRejectValuesBeyondLevelThirtyTwo(int containers) {
        StringBuilder ion = new StringBuilder("{Item:{pk:\"x\", a:");
        for (int i = 0; i < containers; i++) {
            ion.append(i % 2 == 0 ? "[" : "{k:");
        }
        ion.append("1.");
        for (int i = containers - 1; i >= 0; i--) {
            ion.append(i % 2 == 0 ? "]" : "}");
        }
        ion.append("}} {Item:{pk:\"next\"}}");
        List<ParseOutcome> outcomes = parse(ion.toString());
        assertEquals(2, outcomes.size());
        assertRejected(outcomes.get(0), ErrorCode.NESTING_TOO_DEEP, ValidationMessages.NESTING_TOO_DEEP);
        assertEquals(new AttrValue.S("next"), item(outcomes.get(1)).get("pk"));
    }

    @Test
    void shouldRejectDeepUnclosedNestingWithoutOverflowingTheStack() {
        // the value is too deep, but skipping it hits the missing brackets: malformed wins
        List<ParseOutcome> outcomes = parse("{Item:{a:" + "[".repeat(100_000));
        assertEquals(1, outcomes.size());
        ParseOutcome.Rejected rejected = assertInstanceOf(ParseOutcome.Rejected.class, outcomes.get(0));
        assertEquals(ErrorCode.ION_SYNTAX, rejected.code());
    }

    // ---- helpers

    private List<ParseOutcome> parse(String ion) {
        return parser.parse(ion.getBytes(StandardCharsets.UTF_8));
    }

    private Item parsedItem(String ion) {
        List<ParseOutcome> outcomes = parse(ion);
        assertEquals(1, outcomes.size(), () -> ion + " -> " + outcomes);
        return item(outcomes.get(0));
    }

    private static Item item(ParseOutcome outcome) {
        return assertInstanceOf(ParseOutcome.Parsed.class, outcome, () -> "expected an item, got " + outcome)
                .item();
    }

    static void assertRejected(ParseOutcome outcome, ErrorCode code, String message) {
        ParseOutcome.Rejected rejected =
                assertInstanceOf(ParseOutcome.Rejected.class, outcome, () -> "expected a rejection, got " + outcome);
        assertEquals(code, rejected.code(), rejected::message);
        assertEquals(message, rejected.message());
    }
}
