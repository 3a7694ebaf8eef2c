package dev.ddbimport.core.item;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbimport.core.error.ErrorCode;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DynamoNumberTest {

    private static final String MAX = "9.9999999999999999999999999999999999999E+125";

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "0|0",
                "-0|0",
                "+0|0",
                "00|0",
                "0.000|0",
                "0E999999|0",
                "-0.0E-999999|0",
                "1|1",
                "+1|1",
                "-1|-1",
                "007|7",
                ".5|0.5",
                "5.|5",
                "1e5|100000",
                "1E+5|100000",
                "1E-5|0.00001",
                "12.340|12.34",
                "0042.1200|42.12",
                "-0.050|-0.05",
                "100|100",
                "1010|1010",
                "1.5E2|150",
                "+10E-1|1",
                "123.456e1|1234.56",
            })
    void shouldAcceptDynamoDbSpellingsAndCanonicalise(String text, String canonical) throws Exception {
        DynamoNumber number = DynamoNumber.parse(text);

        assertEquals(canonical, number.canonical());
        // the canonical text means the same value as the input
        assertEquals(0, new BigDecimal(text).compareTo(new BigDecimal(number.canonical())));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "e5",
                "1e",
                "1E+",
                "1e-",
                "1.2.3",
                "+-1",
                "-+1",
                "--1",
                " 1",
                "1 ",
                "1_000",
                "NaN",
                "Infinity",
                "-Infinity",
                "0x10",
                ".",
                "+",
                "-",
                "+.",
                ".e1",
                "1e1.5",
                "1e1e1",
                "1,5",
                "١٢"
            })
    void shouldRejectWhatIsNotANumberWithDynamoDbsMessage(String text) {
        DynamoNumber.InvalidNumberException e =
                assertThrows(DynamoNumber.InvalidNumberException.class, () -> DynamoNumber.parse(text));

        assertEquals(ErrorCode.INVALID_NUMBER, e.code());
        String expected = text.isEmpty()
                ? "The parameter cannot be converted to a numeric value"
                : "The parameter cannot be converted to a numeric value: " + text;
        assertEquals(expected, e.getMessage());
    }

    @Test
    void shouldRejectAnExponentBeyondAnIntAsNotNumericWithoutOverflowing() {
        // BigDecimal refuses these too; a saturating or wrapping counter would call them in range
        for (String text :
                new String[] {"1E2147483648", "1E-2147483649", "0E99999999999999999999", "1E9" + "9".repeat(40)}) {
            DynamoNumber.InvalidNumberException e =
                    assertThrows(DynamoNumber.InvalidNumberException.class, () -> DynamoNumber.parse(text), text);
            assertEquals(ErrorCode.INVALID_NUMBER, e.code(), text);
        }
    }

    @Test
    void shouldKeepIntExponentsThatStillOverflowOrUnderflowAsRangeErrors() {
        assertOutOfRange("1E2147483647", DynamoNumber.OVERFLOW_MESSAGE);
        assertOutOfRange("1E-2147483648", DynamoNumber.UNDERFLOW_MESSAGE);
    }

    @Test
    void shouldAcceptThirtyEightSignificantDigitsAndRejectThirtyNine() throws Exception {
        String d38 = "12345678901234567890123456789012345678";
        assertEquals(d38, DynamoNumber.parse(d38).canonical());
        assertEquals(
                "-1.2345678901234567890123456789012345678",
                DynamoNumber.parse("-1." + d38.substring(1)).canonical());

        for (String text : new String[] {d38 + "9", "-1.23456789012345678901234567890123456789", "0.000" + d38 + "1"}) {
            DynamoNumber.InvalidNumberException e =
                    assertThrows(DynamoNumber.InvalidNumberException.class, () -> DynamoNumber.parse(text), text);
            assertEquals(ErrorCode.NUMBER_PRECISION, e.code());
            assertEquals("Attempting to store more than 38 significant digits in a Number", e.getMessage());
        }
    }

    @Test
    void shouldNotCountLeadingOrTrailingZerosAsSignificant() throws Exception {
        DynamoNumber one = DynamoNumber.parse("1" + "0".repeat(50));
        assertEquals("1", one.digits());
        assertEquals(51, one.exponent());

        DynamoNumber small =
                DynamoNumber.parse("0." + "0".repeat(50) + "12345678901234567890123456789012345678" + "000");
        assertEquals(38, small.digits().length());

        // interior zeros do count: 1, then 37 zeros, then 1 is 39 significant digits
        assertThrows(DynamoNumber.InvalidNumberException.class, () -> DynamoNumber.parse("1" + "0".repeat(37) + "1"));
    }

    @Test
    void shouldAcceptTheRangeEdges() throws Exception {
        assertEquals("9".repeat(38), DynamoNumber.parse(MAX).digits());
        assertEquals(126, DynamoNumber.parse(MAX).exponent());
        assertTrue(DynamoNumber.parse("-" + MAX).negative());
        assertEquals(-129, DynamoNumber.parse("1E-130").exponent());
        assertEquals(-129, DynamoNumber.parse("-1E-130").exponent());
        assertEquals(-129, DynamoNumber.parse("0." + "0".repeat(129) + "1").exponent());
        assertEquals("1" + "0".repeat(125), DynamoNumber.parse("1E125").canonical());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1E126", "-1E126", "1E+126", "10E125", "99999999999999999999999999999999999999E89"})
    void shouldRejectOverflowWithDynamoDbsMessage(String text) {
        assertOutOfRange(
                text, "Number overflow. Attempting to store a number with magnitude larger than supported range");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1E-131", "-1E-131", "0.1E-130", "0.00000000001E-121"})
    void shouldRejectUnderflowWithDynamoDbsMessage(String text) {
        assertOutOfRange(
                text, "Number underflow. Attempting to store a number with magnitude smaller than supported range");
    }

    @Test
    void shouldGiveEqualValuesForEqualNumbersHoweverSpelled() throws Exception {
        assertEquals(DynamoNumber.parse("1"), DynamoNumber.parse("1.0"));
        assertEquals(DynamoNumber.parse("1"), DynamoNumber.parse("+10E-1"));
        assertEquals(DynamoNumber.parse("100"), DynamoNumber.parse("1E2"));
        assertEquals(DynamoNumber.parse("0"), DynamoNumber.parse("-0.000E5"));
        assertEquals(DynamoNumber.parse("-0.05"), DynamoNumber.parse("-5e-2"));
        assertNotEquals(DynamoNumber.parse("1"), DynamoNumber.parse("-1"));
        assertNotEquals(DynamoNumber.parse("1"), DynamoNumber.parse("10"));
        assertFalse(DynamoNumber.parse("-0").negative());
        assertTrue(DynamoNumber.parse("-0").isZero());
    }

    /**
     * Sizes measured against DynamoDB (eu-west-2, 2026-08-18) by putting items of exactly 409,600
     * and 409,601 bytes around each number; published in the open-source DynamoDB conformance
     * suite (nubo-db/dynamodb-conformance, src/item-size.ts). The developer guide's "one byte per two
     * digits plus one" is wrong for 3.14159 (5, not 4) and for negatives (one more byte).
     */
    @ParameterizedTest
    @CsvSource({
        "0, 1",
        "1, 2",
        "12, 2",
        "123, 3",
        "1234, 3",
        "12345678901234567890123456789012345678, 20",
        "0042, 2",
        "100, 2",
        "1010, 3",
        "0.0000001, 2",
        "1E125, 2",
        "1E-100, 2",
        "1.5, 3",
        "15, 2",
        "1.2, 3",
        "1.200, 3",
        "1.234, 4",
        "3.14159, 5",
        "123456, 4",
        "100.5, 4",
        "0.15, 2",
        "-42, 3",
        "-0, 1"
    })
    void shouldSizeNumbersAsDynamoDbMeasuresThem(String text, int bytes) throws Exception {
        assertEquals(bytes, DynamoNumber.parse(text).sizeBytes(), text);
        assertEquals(bytes, DynamoNumber.checkedSizeBytes(text), text);
    }

    @Test
    void shouldSizeDigitsInPairsAlignedOnTheDecimalPoint() throws Exception {
        // 110 is base-100 digits 01|10; 0.015 is .01|50: two pairs each, not one
        assertEquals(3, DynamoNumber.checkedSizeBytes("110"));
        assertEquals(3, DynamoNumber.checkedSizeBytes("0.015"));
        assertEquals(2, DynamoNumber.checkedSizeBytes("0.01"));
        // 1|23 45 … 78: 20 pairs, the exponent byte and the sign byte
        assertEquals(22, DynamoNumber.checkedSizeBytes("-1.2345678901234567890123456789012345678"));
        assertEquals(2, DynamoNumber.checkedSizeBytes(MAX.replace("9.9999999999999999999999999999999999999", "1")));
    }

    @Test
    void shouldCheckTheSameRulesWhenOnlySizing() {
        DynamoNumber.InvalidNumberException e =
                assertThrows(DynamoNumber.InvalidNumberException.class, () -> DynamoNumber.checkedSizeBytes("1E126"));
        assertEquals(ErrorCode.NUMBER_OUT_OF_RANGE, e.code());
        assertThrows(DynamoNumber.InvalidNumberException.class, () -> DynamoNumber.checkedSizeBytes("abc"));
    }

    private static void assertOutOfRange(String text, String message) {
        DynamoNumber.InvalidNumberException e =
                assertThrows(DynamoNumber.InvalidNumberException.class, () -> DynamoNumber.parse(text), text);
        assertEquals(ErrorCode.NUMBER_OUT_OF_RANGE, e.code(), text);
        assertEquals(message, e.getMessage(), text);
    }
}
