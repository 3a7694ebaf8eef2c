package dev.ddbimport.core.item;

import dev.ddbimport.core.error.ErrorCode;

/**
 * A DynamoDB number, decomposed as {@code ±0.DIGITS × 10^exponent} with no leading or trailing
 * zeros in DIGITS (zero has no digits). Parsing applies DynamoDB's rules: at most 38 significant
 * digits and a magnitude between 1E-130 and 9.9999999999999999999999999999999999999E+125, or zero.
 * Equal numbers, however they are spelled ({@code 1}, {@code 1.0}, {@code +10E-1}), give equal
 * values and the same {@link #canonical()} text.
 *
 * <p>The accepted spelling follows Java's {@code BigDecimal}, which matches every case DynamoDB is
 * known to accept or refuse: an optional sign, digits with at most one decimal point and at least
 * one digit ({@code 5.} and {@code .5} are fine), then optionally {@code e}/{@code E}, an optional
 * sign and digits that fit an int. No blanks, no {@code NaN}/{@code Infinity}, no hexadecimal, and
 * (unlike BigDecimal) ASCII digits only.
 */
public record DynamoNumber(boolean negative, String digits, int exponent) {

    public static final int MAX_SIGNIFICANT_DIGITS = 38;
    /** 0.1E-129 == 1E-130, the smallest magnitude. */
    static final int MIN_EXPONENT = -129;
    /** 0.99…9E126 == 9.9…9E125, the largest magnitude. */
    static final int MAX_EXPONENT = 126;

    /** DynamoDB's message for text that is not a number; the text follows after ": " unless empty. */
    public static final String NOT_NUMERIC_MESSAGE = "The parameter cannot be converted to a numeric value";

    public static final String PRECISION_MESSAGE = "Attempting to store more than 38 significant digits in a Number";
    public static final String OVERFLOW_MESSAGE =
            "Number overflow. Attempting to store a number with magnitude larger than supported range";
    public static final String UNDERFLOW_MESSAGE =
            "Number underflow. Attempting to store a number with magnitude smaller than supported range";

    /** A number DynamoDB would refuse, with its code and DynamoDB's message. */
    public static final class InvalidNumberException extends Exception {
        private final ErrorCode code;

        InvalidNumberException(ErrorCode code, String message) {
            // no stack trace: this is an expected outcome for bad input, not a bug
            super(message, null, false, false);
            this.code = code;
        }

        public ErrorCode code() {
            return code;
        }
    }

    // What scan() packs into a long (so the hot path allocates nothing): bit 0 the sign, bits 1-7
    // the significant digit count (0 for zero), bits 8-23 the exponent offset by EXPONENT_BIAS.
    private static final int COUNT_SHIFT = 1;
    private static final int EXPONENT_SHIFT = 8;
    private static final int EXPONENT_BIAS = 1 << 10;

    public boolean isZero() {
        return digits.isEmpty();
    }

    /** Parses and checks {@code text} as DynamoDB does. */
    public static DynamoNumber parse(String text) throws InvalidNumberException {
        long packed = scan(text);
        int count = count(packed);
        if (count == 0) {
            return new DynamoNumber(false, "", 0);
        }
        // collect the significant digits: skip leading zeros and stop before trailing ones
        char[] digits = new char[count];
        int n = 0;
        for (int i = 0; n < count; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9' && (n > 0 || c != '0')) {
                digits[n++] = c;
            }
        }
        return new DynamoNumber((packed & 1) != 0, new String(digits), exponent(packed));
    }

    /**
     * Checks {@code text} as {@link #parse} does and returns the bytes it takes in DynamoDB's item
     * size, without allocating: the path the validator takes for every number.
     */
    public static int checkedSizeBytes(String text) throws InvalidNumberException {
        long packed = scan(text);
        return sizeBytes((packed & 1) != 0, count(packed), exponent(packed));
    }

    /**
     * Bytes this number takes in DynamoDB's item size: its significant digits stored two to a byte,
     * the pairs aligned on the decimal point, plus one byte, plus one more when negative. This fits
     * every figure measured against DynamoDB (1 → 2, 12 → 2, 123 → 3, 1.5 → 3, 3.14159 → 5,
     * 123456 → 4, 100.5 → 4, 0.0000001 → 2, 1E125 → 2, -42 → 3, 0 → 1, -0 → 1).
     */
    public int sizeBytes() {
        return sizeBytes(negative, digits.length(), exponent);
    }

    private static int sizeBytes(boolean negative, int count, int exponent) {
        if (count == 0) {
            return 1;
        }
        // the first digit stands for 10^(exponent-1), the last for 10^(exponent-count); the digit
        // for 10^k sits in pair floor(k/2)
        int pairs = Math.floorDiv(exponent - 1, 2) - Math.floorDiv(exponent - count, 2) + 1;
        return pairs + 1 + (negative ? 1 : 0);
    }

    /** One plain-decimal spelling per value: no exponent, no leading/trailing zeros, "0" for zero. */
    public String canonical() {
        if (isZero()) {
            return "0";
        }
        StringBuilder sb = new StringBuilder(digits.length() + Math.abs(exponent) + 3);
        if (negative) {
            sb.append('-');
        }
        int n = digits.length();
        if (exponent <= 0) {
            sb.append("0.");
            sb.append("0".repeat(-exponent));
            sb.append(digits);
        } else if (exponent >= n) {
            sb.append(digits);
            sb.append("0".repeat(exponent - n));
        } else {
            sb.append(digits, 0, exponent).append('.').append(digits, exponent, n);
        }
        return sb.toString();
    }

    private static int count(long packed) {
        return (int) ((packed >>> COUNT_SHIFT) & 0x7F);
    }

    private static int exponent(long packed) {
        return (int) ((packed >>> EXPONENT_SHIFT) & 0xFFFF) - EXPONENT_BIAS;
    }

    /** Checks the syntax and DynamoDB's limits in one pass over the text; see the packing above. */
    private static long scan(String text) throws InvalidNumberException {
        int len = text.length();
        int i = 0;
        boolean negative = false;
        if (i < len && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        // digit positions count digits only (the point is not a position)
        long digitCount = 0;
        long digitsBeforePoint = -1;
        long firstNonZero = -1;
        long lastNonZero = -1;
        for (; i < len; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                if (c != '0') {
                    if (firstNonZero < 0) {
                        firstNonZero = digitCount;
                    }
                    lastNonZero = digitCount;
                }
                digitCount++;
            } else if (c == '.' && digitsBeforePoint < 0) {
                digitsBeforePoint = digitCount;
            } else {
                break;
            }
        }
        if (digitCount == 0) {
            throw notNumeric(text);
        }
        if (digitsBeforePoint < 0) {
            digitsBeforePoint = digitCount;
        }
        long exp = 0;
        if (i < len) {
            char c = text.charAt(i);
            if (c != 'e' && c != 'E') {
                throw notNumeric(text);
            }
            i++;
            boolean expNegative = false;
            if (i < len && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                expNegative = text.charAt(i) == '-';
                i++;
            }
            if (i == len) {
                throw notNumeric(text);
            }
            for (; i < len; i++) {
                char d = text.charAt(i);
                if (d < '0' || d > '9') {
                    throw notNumeric(text);
                }
                exp = exp * 10 + (d - '0');
                // an exponent beyond an int is not a number to BigDecimal either
                if (exp > Integer.MAX_VALUE + (expNegative ? 1L : 0L)) {
                    throw notNumeric(text);
                }
            }
            if (expNegative) {
                exp = -exp;
            }
        }
        if (firstNonZero < 0) {
            return 0L; // zero, whatever its sign or exponent
        }
        // 0.DIGITS × 10^exponent: the point sits before the first significant digit
        long exponent = digitsBeforePoint - firstNonZero + exp;
        if (exponent > MAX_EXPONENT) {
            throw new InvalidNumberException(ErrorCode.NUMBER_OUT_OF_RANGE, OVERFLOW_MESSAGE);
        }
        if (exponent < MIN_EXPONENT) {
            throw new InvalidNumberException(ErrorCode.NUMBER_OUT_OF_RANGE, UNDERFLOW_MESSAGE);
        }
        long count = lastNonZero - firstNonZero + 1;
        if (count > MAX_SIGNIFICANT_DIGITS) {
            throw new InvalidNumberException(ErrorCode.NUMBER_PRECISION, PRECISION_MESSAGE);
        }
        return (negative ? 1L : 0L) | (count << COUNT_SHIFT) | ((exponent + EXPONENT_BIAS) << EXPONENT_SHIFT);
    }

    private static InvalidNumberException notNumeric(String text) {
        return new InvalidNumberException(
                ErrorCode.INVALID_NUMBER, text.isEmpty() ? NOT_NUMERIC_MESSAGE : NOT_NUMERIC_MESSAGE + ": " + text);
    }
}
