package dev.ddbimport.core.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbimport.core.error.ErrorCode;
import dev.ddbimport.core.format.ParseOutcome;
import dev.ddbimport.core.item.AttrValue;
import dev.ddbimport.core.item.Item;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ItemValidatorTest {

    private static final KeySchema.KeyAttribute PK = new KeySchema.KeyAttribute("pk", ScalarType.S);
    private static final KeySchema.KeyAttribute SK = new KeySchema.KeyAttribute("sk", ScalarType.N);

    /** Table pk (S) + sk (N); gsi1 on g (S); gsi2 on gb (B) + gn (N); gsi0 on pk + g2 (S). */
    private static final KeySchema SCHEMA = new KeySchema(
            PK,
            SK,
            List.of(
                    new KeySchema.IndexKeys("gsi1", new KeySchema.KeyAttribute("g", ScalarType.S), null),
                    new KeySchema.IndexKeys(
                            "gsi2",
                            new KeySchema.KeyAttribute("gb", ScalarType.B),
                            new KeySchema.KeyAttribute("gn", ScalarType.N)),
                    new KeySchema.IndexKeys("gsi0", PK, new KeySchema.KeyAttribute("g2", ScalarType.S))));

    private final ItemValidator validator = new ItemValidator(SCHEMA);

    // ---- valid items ----

    @Test
    void shouldAcceptAValidItemOfEveryType() {
        Item item = item(
                "pk",
                s("user#1"),
                "sk",
                n("42"),
                "g",
                s("x"),
                "gb",
                b(1, 2),
                "gn",
                n("-1.5e3"),
                "empty",
                s(""),
                "emptyBytes",
                b(),
                "flag",
                AttrValue.Bool.TRUE,
                "nothing",
                AttrValue.Null.INSTANCE,
                "list",
                new AttrValue.L(List.of(n("1"), s(""), new AttrValue.L(List.of()))),
                "map",
                new AttrValue.M(map("", s("empty key inside a map is fine"), "m", new AttrValue.M(Map.of()))),
                "ss",
                new AttrValue.SS(List.of("", "a", "b")),
                "ns",
                new AttrValue.NS(List.of("1", "2", "1.5")),
                "bs",
                new AttrValue.BS(List.of(new byte[0], new byte[] {1})));

        assertEquals(Optional.empty(), validator.validate(item));
    }

    @Test
    void shouldAcceptAnItemWithoutAnyIndexKeys() {
        // sparse indexes: an absent index key keeps the item out of the index, nothing more
        assertEquals(Optional.empty(), validator.validate(valid()));
    }

    @Test
    void shouldWorkWithAPartitionKeyOnlyTable() {
        ItemValidator hashOnly = new ItemValidator(KeySchema.of(new KeySchema.KeyAttribute("id", ScalarType.B), null));
        assertEquals(Optional.empty(), hashOnly.validate(item("id", b(1))));
        assertRejected(
                hashOnly,
                item("id", s("1")),
                ErrorCode.KEY_TYPE_MISMATCH,
                "One or more parameter values were invalid: Type mismatch for key id expected: B actual: S");
    }

    // ---- table keys ----

    @Test
    void shouldRejectAMissingPartitionKey() {
        assertRejected(
                item("sk", n("1")),
                ErrorCode.MISSING_KEY,
                "One or more parameter values were invalid: Missing the key pk in the item");
    }

    @Test
    void shouldRejectAMissingSortKey() {
        assertRejected(
                item("pk", s("a")),
                ErrorCode.MISSING_KEY,
                "One or more parameter values were invalid: Missing the key sk in the item");
    }

    @Test
    void shouldRejectAKeyOfTheWrongType() {
        assertRejected(
                item("pk", n("1"), "sk", n("1")),
                ErrorCode.KEY_TYPE_MISMATCH,
                "One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N");
        assertRejected(
                item("pk", s("a"), "sk", s("1")),
                ErrorCode.KEY_TYPE_MISMATCH,
                "One or more parameter values were invalid: Type mismatch for key sk expected: N actual: S");
        assertRejected(
                item("pk", AttrValue.Null.INSTANCE, "sk", n("1")),
                ErrorCode.KEY_TYPE_MISMATCH,
                "One or more parameter values were invalid: Type mismatch for key pk expected: S actual: NULL");
        assertRejected(
                item("pk", new AttrValue.SS(List.of("a")), "sk", n("1")),
                ErrorCode.KEY_TYPE_MISMATCH,
                "One or more parameter values were invalid: Type mismatch for key pk expected: S actual: SS");
    }

    @Test
    void shouldRejectEmptyKeyValuesWithTheStringOrBinaryWording() {
        assertRejected(
                item("pk", s(""), "sk", n("1")),
                ErrorCode.EMPTY_KEY_VALUE,
                "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an"
                        + " empty string value. Key: pk");

        ItemValidator binary = new ItemValidator(KeySchema.of(
                new KeySchema.KeyAttribute("h", ScalarType.S), new KeySchema.KeyAttribute("r", ScalarType.B)));
        assertRejected(
                binary,
                item("h", s("x"), "r", b()),
                ErrorCode.EMPTY_KEY_VALUE,
                "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an"
                        + " empty binary value. Key: r");
    }

    @Test
    void shouldAcceptAPartitionKeyOfExactly2048Utf8BytesAndRejectOneMore() {
        assertEquals(Optional.empty(), validator.validate(item("pk", s("a".repeat(2048)), "sk", n("1"))));
        // 1024 two-byte chars are 2048 bytes though only 1024 chars
        assertEquals(Optional.empty(), validator.validate(item("pk", s("é".repeat(1024)), "sk", n("1"))));

        String tooLarge = "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size"
                + " limit of2048 bytes";
        assertRejected(item("pk", s("a".repeat(2049)), "sk", n("1")), ErrorCode.KEY_TOO_LARGE, tooLarge);
        assertRejected(item("pk", s("é".repeat(1024) + "a"), "sk", n("1")), ErrorCode.KEY_TOO_LARGE, tooLarge);
        assertRejected(item("pk", s("😀".repeat(512) + "a"), "sk", n("1")), ErrorCode.KEY_TOO_LARGE, tooLarge);

        ItemValidator binary = new ItemValidator(KeySchema.of(new KeySchema.KeyAttribute("id", ScalarType.B), null));
        assertEquals(Optional.empty(), binary.validate(item("id", new AttrValue.B(new byte[2048]))));
        assertRejected(binary, item("id", new AttrValue.B(new byte[2049])), ErrorCode.KEY_TOO_LARGE, tooLarge);
    }

    @Test
    void shouldAcceptASortKeyOfExactly1024BytesAndRejectOneMore() {
        ItemValidator strings = new ItemValidator(KeySchema.of(
                new KeySchema.KeyAttribute("h", ScalarType.S), new KeySchema.KeyAttribute("r", ScalarType.S)));
        assertEquals(Optional.empty(), strings.validate(item("h", s("x"), "r", s("€".repeat(341) + "a"))));
        assertRejected(
                strings,
                item("h", s("x"), "r", s("€".repeat(341) + "ab")),
                ErrorCode.KEY_TOO_LARGE,
                "One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size"
                        + " limit of 1024 bytes");
    }

    // ---- index keys ----

    @Test
    void shouldRejectAPresentIndexKeyOfTheWrongType() {
        assertRejected(
                withValid("g", AttrValue.Null.INSTANCE),
                ErrorCode.INDEX_KEY_TYPE_MISMATCH,
                "One or more parameter values were invalid: Type mismatch for Index Key g Expected: S Actual: NULL"
                        + " IndexName: gsi1");
        assertRejected(
                withValid("gn", s("1")),
                ErrorCode.INDEX_KEY_TYPE_MISMATCH,
                "One or more parameter values were invalid: Type mismatch for Index Key gn Expected: N Actual: S"
                        + " IndexName: gsi2");
        assertRejected(
                withValid("g2", new AttrValue.M(Map.of())),
                ErrorCode.INDEX_KEY_TYPE_MISMATCH,
                "One or more parameter values were invalid: Type mismatch for Index Key g2 Expected: S Actual: M"
                        + " IndexName: gsi0");
    }

    @Test
    void shouldNameTheAlphabeticallyFirstIndexAndReportTypesBeforeEmptiness() {
        // g2 (gsi0) is empty and gn (gsi2) has the wrong type: all types are checked first
        Item item = valid();
        item.attributes().put("g2", s(""));
        item.attributes().put("gn", s("x"));
        assertRejected(
                item,
                ErrorCode.INDEX_KEY_TYPE_MISMATCH,
                "One or more parameter values were invalid: Type mismatch for Index Key gn Expected: N Actual: S"
                        + " IndexName: gsi2");

        // two indexes on one attribute: the error names the first by name, whatever the schema order
        ItemValidator shared = new ItemValidator(new KeySchema(
                PK,
                null,
                List.of(
                        new KeySchema.IndexKeys("zeta", new KeySchema.KeyAttribute("g", ScalarType.S), null),
                        new KeySchema.IndexKeys("alpha", new KeySchema.KeyAttribute("g", ScalarType.S), null))));
        assertRejected(
                shared,
                item("pk", s("a"), "g", n("1")),
                ErrorCode.INDEX_KEY_TYPE_MISMATCH,
                "One or more parameter values were invalid: Type mismatch for Index Key g Expected: S Actual: N"
                        + " IndexName: alpha");
    }

    @Test
    void shouldRejectEmptyIndexKeyValuesWithTheIndexWording() {
        assertRejected(
                withValid("g", s("")),
                ErrorCode.EMPTY_KEY_VALUE,
                "One or more parameter values are not valid. A value specified for a secondary index key is not"
                        + " supported. The AttributeValue for a key attribute cannot contain an empty string value."
                        + " IndexName: gsi1, IndexKey: g");
        assertRejected(
                withValid("gb", b()),
                ErrorCode.EMPTY_KEY_VALUE,
                "One or more parameter values are not valid. A value specified for a secondary index key is not"
                        + " supported. The AttributeValue for a key attribute cannot contain an empty binary value."
                        + " IndexName: gsi2, IndexKey: gb");
    }

    @Test
    void shouldLimitIndexKeySizesLikeTableKeys() {
        assertEquals(Optional.empty(), validator.validate(withValid("g", s("a".repeat(2048)))));
        assertRejected(
                withValid("g", s("a".repeat(2049))),
                ErrorCode.KEY_TOO_LARGE,
                "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048"
                        + " bytes");
        assertEquals(Optional.empty(), validator.validate(withValid("g2", s("a".repeat(1024)))));
        assertRejected(
                withValid("g2", s("a".repeat(1025))),
                ErrorCode.KEY_TOO_LARGE,
                "One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size"
                        + " limit of 1024 bytes");
    }

    @Test
    void shouldCheckATableKeyThatAlsoKeysAnIndexAsATableKeyOnly() {
        // pk is gsi0's partition key too: its problems are table-key problems
        assertRejected(
                item("pk", s(""), "sk", n("1"), "g", n("1")),
                ErrorCode.EMPTY_KEY_VALUE,
                "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an"
                        + " empty string value. Key: pk");
    }

    // ---- numbers ----

    @Test
    void shouldRejectInvalidNumbersAnywhereInTheItem() {
        assertRejected(
                withValid("n", n("NaN")),
                ErrorCode.INVALID_NUMBER,
                "The parameter cannot be converted to a numeric value: NaN");
        assertRejected(
                withValid("n", n("")),
                ErrorCode.INVALID_NUMBER,
                "The parameter cannot be converted to a numeric value");
        assertRejected(
                withValid("n", n(" 1")),
                ErrorCode.INVALID_NUMBER,
                "The parameter cannot be converted to a numeric value:  1");
        assertRejected(
                withValid("deep", new AttrValue.M(map("l", new AttrValue.L(List.of(n("1"), n("Infinity")))))),
                ErrorCode.INVALID_NUMBER,
                "The parameter cannot be converted to a numeric value: Infinity");
        assertRejected(
                withValid("ns", new AttrValue.NS(List.of("1", "x"))),
                ErrorCode.INVALID_NUMBER,
                "The parameter cannot be converted to a numeric value: x");
        assertRejected(
                withValid("ns", new AttrValue.NS(List.of("1E126"))),
                ErrorCode.NUMBER_OUT_OF_RANGE,
                "Number overflow. Attempting to store a number with magnitude larger than supported range");
        assertRejected(
                withValid("l", new AttrValue.L(List.of(n("1E-131")))),
                ErrorCode.NUMBER_OUT_OF_RANGE,
                "Number underflow. Attempting to store a number with magnitude smaller than supported range");
        assertRejected(
                withValid("n", n("1234567890123456789012345678901234567890")),
                ErrorCode.NUMBER_PRECISION,
                "Attempting to store more than 38 significant digits in a Number");
    }

    @Test
    void shouldCheckNumericKeysAsNumbers() {
        assertRejected(
                item("pk", s("a"), "sk", n("1e")),
                ErrorCode.INVALID_NUMBER,
                "The parameter cannot be converted to a numeric value: 1e");
    }

    // ---- sets ----

    @Test
    void shouldRejectEmptySetsWithEachTypesWording() {
        assertRejected(
                withValid("s", new AttrValue.SS(List.of())),
                ErrorCode.EMPTY_SET,
                "One or more parameter values were invalid: An string set  may not be empty");
        assertRejected(
                withValid("s", new AttrValue.NS(List.of())),
                ErrorCode.EMPTY_SET,
                "One or more parameter values were invalid: An number set  may not be empty");
        assertRejected(
                withValid("s", new AttrValue.BS(List.of())),
                ErrorCode.EMPTY_SET,
                "One or more parameter values were invalid: Binary sets should not be empty");
        assertRejected(
                withValid("m", new AttrValue.M(map("inner", new AttrValue.SS(List.of())))),
                ErrorCode.EMPTY_SET,
                "One or more parameter values were invalid: An string set  may not be empty");
    }

    @Test
    void shouldRejectDuplicateSetElements() {
        assertRejected(
                withValid("s", new AttrValue.SS(List.of("a", "b", "a"))),
                ErrorCode.DUPLICATE_SET_ELEMENT,
                "One or more parameter values were invalid: Input collection [a, b, a] contains duplicates.");
        assertRejected(
                withValid("s", new AttrValue.SS(List.of("", ""))),
                ErrorCode.DUPLICATE_SET_ELEMENT,
                "One or more parameter values were invalid: Input collection [, ] contains duplicates.");
        assertRejected(
                withValid("s", new AttrValue.BS(List.of(new byte[] {'b'}, new byte[] {'b'}))),
                ErrorCode.DUPLICATE_SET_ELEMENT,
                "One or more parameter values were invalid: Input collection [Yg==, Yg==]of type BS contains duplicates.");
    }

    @Test
    void shouldCompareNumberSetElementsByValue() {
        assertRejected(
                withValid("s", new AttrValue.NS(List.of("1", "1.0"))),
                ErrorCode.DUPLICATE_SET_ELEMENT,
                "One or more parameter values were invalid: Input collection [1, 1.0] contains duplicates.");
        assertRejected(
                withValid("s", new AttrValue.NS(List.of("0", "-0", "5"))),
                ErrorCode.DUPLICATE_SET_ELEMENT,
                "One or more parameter values were invalid: Input collection [0, -0, 5] contains duplicates.");
        assertEquals(Optional.empty(), validator.validate(withValid("s", new AttrValue.NS(List.of("1", "10", "0.1")))));
    }

    @Test
    void shouldFindDuplicatesInLargeSets() {
        List<String> strings = new ArrayList<>();
        List<String> numbers = new ArrayList<>();
        List<byte[]> bytes = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            strings.add("s" + i);
            numbers.add(Integer.toString(i));
            bytes.add(new byte[] {(byte) i});
        }
        assertEquals(Optional.empty(), validator.validate(withValid("ss", new AttrValue.SS(strings))));
        assertEquals(Optional.empty(), validator.validate(withValid("ns", new AttrValue.NS(numbers))));
        assertEquals(Optional.empty(), validator.validate(withValid("bs", new AttrValue.BS(bytes))));

        strings.add("s7");
        numbers.add("7.000");
        bytes.add(new byte[] {7});
        assertCode(withValid("ss", new AttrValue.SS(strings)), ErrorCode.DUPLICATE_SET_ELEMENT);
        assertCode(withValid("ns", new AttrValue.NS(numbers)), ErrorCode.DUPLICATE_SET_ELEMENT);
        assertCode(withValid("bs", new AttrValue.BS(bytes)), ErrorCode.DUPLICATE_SET_ELEMENT);
    }

    // ---- nesting and names ----

    @Test
    void shouldAcceptValuesAtLevel32AndRejectLevel33() {
        // the attribute's value is level 1: 31 maps around a leaf put the leaf at level 32
        assertEquals(Optional.empty(), validator.validate(withValid("d", nestedMaps(31))));
        assertEquals(Optional.empty(), validator.validate(withValid("d", nestedLists(31))));

        String message = "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels"
                + " beyond supported limit";
        assertRejected(withValid("d", nestedMaps(32)), ErrorCode.NESTING_TOO_DEEP, message);
        assertRejected(withValid("d", nestedLists(32)), ErrorCode.NESTING_TOO_DEEP, message);
        // far deeper input stops at the limit instead of recursing all the way down
        assertRejected(withValid("d", nestedLists(100_000)), ErrorCode.NESTING_TOO_DEEP, message);
    }

    @Test
    void shouldRejectAnEmptyTopLevelAttributeName() {
        assertRejected(
                withValid("", s("x")),
                ErrorCode.EMPTY_ATTRIBUTE_NAME,
                "One or more parameter values were invalid: Empty attribute name");
    }

    // ---- item size ----

    @Test
    void shouldAcceptAnItemOfExactly409600BytesAndRejectOneMore() {
        // pk(2) + "a"(1) + sk(2) + 1(2) + p(1) + padding
        int fixed = 2 + 1 + 2 + 2 + 1;
        Item atLimit = item("pk", s("a"), "sk", n("1"), "p", s("x".repeat(409_600 - fixed)));
        assertEquals(409_600, ItemSize.itemSizeBytes(atLimit));
        assertEquals(Optional.empty(), validator.validate(atLimit));

        assertRejected(
                item("pk", s("a"), "sk", n("1"), "p", s("x".repeat(409_601 - fixed))),
                ErrorCode.ITEM_TOO_LARGE,
                "Item size has exceeded the maximum allowed size");
    }

    @Test
    void shouldCountMultiByteNamesAndValuesAndNestedOverheadTowardsTheLimit() {
        // pk(2) + "a"(1) + sk(2) + 1(2) + "日本"(6) + list: 3 + (1 + true) + (1 + padding)
        int fixed = 2 + 1 + 2 + 2 + 6 + 3 + (1 + 1) + 1;
        int padding = (409_600 - fixed) / 3;
        int rest = 409_600 - fixed - padding * 3;
        AttrValue list = new AttrValue.L(List.of(AttrValue.Bool.TRUE, s("€".repeat(padding) + "x".repeat(rest))));
        Item atLimit = item("pk", s("a"), "sk", n("1"), "日本", list);
        assertEquals(409_600, ItemSize.itemSizeBytes(atLimit));
        assertEquals(Optional.empty(), validator.validate(atLimit));

        AttrValue oneMore =
                new AttrValue.L(List.of(AttrValue.Bool.TRUE, s("€".repeat(padding) + "x".repeat(rest + 1))));
        assertCode(item("pk", s("a"), "sk", n("1"), "日本", oneMore), ErrorCode.ITEM_TOO_LARGE);
    }

    // ---- order ----

    @Test
    void shouldReportValueProblemsBeforeKeyProblemsAndKeyProblemsBeforeSize() {
        // missing keys and a bad number: the number is found first, as DynamoDB reads values first
        assertCode(item("x", n("abc")), ErrorCode.INVALID_NUMBER);
        // first bad value in input order wins
        assertCode(
                item("pk", s("a"), "sk", n("1"), "e", new AttrValue.SS(List.of()), "n", n("x")), ErrorCode.EMPTY_SET);
        // a missing key beats a too large item
        assertCode(item("pk", s("a"), "p", s("x".repeat(500_000))), ErrorCode.MISSING_KEY);
        // a table key problem beats an index key problem
        assertCode(item("pk", s("a"), "g", n("1")), ErrorCode.MISSING_KEY);
        // an index key problem beats a too large item
        assertCode(withValid("g", n("1"), "p", s("x".repeat(500_000))), ErrorCode.INDEX_KEY_TYPE_MISMATCH);
        // every table key's presence and type come before any key's emptiness or size
        assertCode(item("pk", s(""), "sk", s("1")), ErrorCode.KEY_TYPE_MISMATCH);
    }

    // ---- helpers ----

    /** Asserts the exact rejection, then that a valid item still passes (the validator keeps no state). */
    private void assertRejected(Item item, ErrorCode code, String message) {
        assertRejected(validator, item, code, message);
    }

    private void assertRejected(ItemValidator validator, Item item, ErrorCode code, String message) {
        Optional<ParseOutcome.Rejected> outcome = validator.validate(item);
        assertTrue(outcome.isPresent(), () -> "expected " + code + " for " + item);
        assertEquals(code, outcome.get().code());
        assertEquals(message, outcome.get().message());
        assertEquals(Optional.empty(), validator.validate(validFor(validator)));
    }

    private void assertCode(Item item, ErrorCode code) {
        Optional<ParseOutcome.Rejected> outcome = validator.validate(item);
        assertTrue(outcome.isPresent(), () -> "expected " + code);
        assertEquals(code, outcome.get().code(), outcome.get().message());
        assertEquals(Optional.empty(), validator.validate(valid()));
    }

    private Item validFor(ItemValidator v) {
        if (v == validator) {
            return valid();
        }
        // the other validators in this class key on h/r, id or pk; give each what it wants
        for (Item candidate : List.of(
                item("h", s("x"), "r", b(1)), item("h", s("x"), "r", s("y")), item("id", b(1)), item("pk", s("a")))) {
            if (v.validate(candidate).isEmpty()) {
                return candidate;
            }
        }
        throw new AssertionError("no valid item for this validator");
    }

    private static Item valid() {
        return item("pk", s("a"), "sk", n("1"));
    }

    private static Item withValid(Object... more) {
        Item item = valid();
        for (int i = 0; i < more.length; i += 2) {
            item.attributes().put((String) more[i], (AttrValue) more[i + 1]);
        }
        return item;
    }

    private static Item item(Object... namesAndValues) {
        return new Item(map(namesAndValues));
    }

    private static Map<String, AttrValue> map(Object... namesAndValues) {
        Map<String, AttrValue> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put((String) namesAndValues[i], (AttrValue) namesAndValues[i + 1]);
        }
        return map;
    }

    private static AttrValue nestedMaps(int wraps) {
        AttrValue value = s("leaf");
        for (int i = 0; i < wraps; i++) {
            value = new AttrValue.M(Map.of("n", value));
        }
        return value;
    }

    private static AttrValue nestedLists(int wraps) {
        AttrValue value = s("leaf");
        for (int i = 0; i < wraps; i++) {
            value = new AttrValue.L(List.of(value));
        }
        return value;
    }

    private static AttrValue.S s(String value) {
        return new AttrValue.S(value);
    }

    private static AttrValue.N n(String value) {
        return new AttrValue.N(value);
    }

    private static AttrValue.B b(int... bytes) {
        byte[] value = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            value[i] = (byte) bytes[i];
        }
        return new AttrValue.B(value);
    }
}
