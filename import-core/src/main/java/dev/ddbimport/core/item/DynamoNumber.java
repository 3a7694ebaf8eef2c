package dev.ddbimport.core.item;

import dev.ddbimport.core.error.ErrorCode;

/**
 * A DynamoDB number, decomposed as {@code ±0.DIGITS × 10^exponent} with no leading or trailing
 * zeros in DIGITS (zero has no digits). Parsing applies DynamoDB's rules: at most 38 significant
 * digits and a magnitude between 1E-130 and 9.9999999999999999999999999999999999999E+125, or zero.
 * Equal numbers, however they are spelled ({@code 1}, {@code 1.0}, {@code +10E-1}), give equal
 * values and the same {@link #canonical()} text.
 */
public record DynamoNumber(boolean negative, String digits, int exponent) {

    public static final int MAX_SIGNIFICANT_DIGITS = 38;
    /** 0.1E-129 == 1E-130, the smallest magnitude. */
    static final int MIN_EXPONENT = -129;
    /** 0.99…9E126 == 9.9…9E125, the largest magnitude. */
    static final int MAX_EXPONENT = 126;

    /** A number DynamoDB would refuse, with its code and DynamoDB's message. */
    public static final class InvalidNumberException extends Exception {
        private final ErrorCode code;

        InvalidNumberException(ErrorCode code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        public ErrorCode code() {
            return code;
        }
    }

    public boolean isZero() {
        return digits.isEmpty();
    }

    /** Parses and checks {@code text} as DynamoDB does. */
    public static DynamoNumber parse(String text) throws InvalidNumberException {
        int len = text.length();
        int i = 0;
        boolean negative = false;
        if (i < len && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        StringBuilder digits = new StringBuilder(Math.min(len, 48));
        int digitsBeforePoint = 0;
        boolean seenPoint = false;
        boolean seenDigit = false;
        // position (in the mantissa's digits, leading zeros dropped) of the decimal point
        for (; i < len; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                seenDigit = true;
                if (digits.length() == 0 && c == '0') {
                    // a leading zero: shifts the point only when it comes after it
                    if (seenPoint) {
                        digitsBeforePoint--;
                    }
                    continue;
                }
                digits.append(c);
                if (!seenPoint) {
                    digitsBeforePoint++;
                }
            } else if (c == '.' && !seenPoint) {
                seenPoint = true;
            } else {
                break;
            }
        }
        if (!seenDigit) {
            throw notNumeric(text);
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
                // saturate: anything this large is out of range anyway
                if (exp < 100_000_000L) {
                    exp = exp * 10 + (d - '0');
                }
            }
            if (expNegative) {
                exp = -exp;
            }
        }
        // drop trailing zeros of the significand
        int end = digits.length();
        while (end > 0 && digits.charAt(end - 1) == '0') {
            end--;
        }
        digits.setLength(end);
        if (end == 0) {
            return new DynamoNumber(false, "", 0);
        }
        if (end > MAX_SIGNIFICANT_DIGITS) {
            throw new InvalidNumberException(
                    ErrorCode.NUMBER_PRECISION, "Attempting to store more than 38 significant digits in a Number");
        }
        long exponent = digitsBeforePoint + exp;
        if (exponent > MAX_EXPONENT) {
            throw new InvalidNumberException(
                    ErrorCode.NUMBER_OUT_OF_RANGE,
                    "Number overflow. Attempting to store a number with magnitude larger than supported range");
        }
        if (exponent < MIN_EXPONENT) {
            throw new InvalidNumberException(
                    ErrorCode.NUMBER_OUT_OF_RANGE,
                    "Number underflow. Attempting to store a number with magnitude smaller than supported range");
        }
        return new DynamoNumber(negative, digits.toString(), (int) exponent);
    }

    private static InvalidNumberException notNumeric(String text) {
        return new InvalidNumberException(
                ErrorCode.INVALID_NUMBER, "The parameter cannot be converted to a numeric value: " + text);
    }

    /**
     * Bytes this number takes in DynamoDB's item size: its significant digits stored two to a byte
     * (aligned on the decimal point), plus one byte.
     */
    public int sizeBytes() {
        if (isZero()) {
            return 1;
        }
        int n = digits.length() + ((exponent & 1) != 0 ? 1 : 0);
        return (n + 1) / 2 + 1;
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
}
