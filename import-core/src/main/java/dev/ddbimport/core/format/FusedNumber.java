package dev.ddbimport.core.format;

import dev.ddbimport.core.item.DynamoNumber;

/**
 * The number checks the fused encoders make on bytes, for the spellings almost every input uses.
 * A plain decimal of at most 38 digits is always within DynamoDB's precision and range, so its
 * syntax is the whole check; anything else (exponents, a '+', more digits) is left to the
 * reference path, which words the verdict.
 */
final class FusedNumber {
    private FusedNumber() {}

    /**
     * DynamoDB's size of the number in {@code b[from, to)} (see {@link DynamoNumber#sizeBytes()})
     * when it is a plain decimal: an optional '-', ASCII digits with at most one '.', at least one
     * digit and at most {@value DynamoNumber#MAX_SIGNIFICANT_DIGITS} in all. -1 for anything else.
     */
    static int plainDecimalSize(byte[] b, int from, int to) {
        int i = from;
        boolean negative = i < to && b[i] == '-';
        if (negative) {
            i++;
        }
        int digits = 0;
        int beforePoint = -1;
        int firstNonZero = -1;
        int lastNonZero = -1;
        for (; i < to; i++) {
            int c = b[i];
            if (c >= '0' && c <= '9') {
                if (c != '0') {
                    if (firstNonZero < 0) {
                        firstNonZero = digits;
                    }
                    lastNonZero = digits;
                }
                digits++;
            } else if (c == '.' && beforePoint < 0) {
                beforePoint = digits;
            } else {
                return -1;
            }
        }
        if (digits == 0 || digits > DynamoNumber.MAX_SIGNIFICANT_DIGITS) {
            return -1;
        }
        if (firstNonZero < 0) {
            return 1; // zero, whatever its sign
        }
        if (beforePoint < 0) {
            beforePoint = digits;
        }
        // as DynamoNumber: 0.DIGITS x 10^exponent, significant digits stored two to a byte
        int exponent = beforePoint - firstNonZero;
        int count = lastNonZero - firstNonZero + 1;
        int pairs = Math.floorDiv(exponent - 1, 2) - Math.floorDiv(exponent - count, 2) + 1;
        return pairs + 1 + (negative ? 1 : 0);
    }

    /**
     * True when {@code b[from, to)} is already a canonical integer: no leading zeros, no "-0", at
     * most 38 digits. Such key numbers are their own canonical text.
     */
    static boolean isCanonicalInteger(byte[] b, int from, int to) {
        int first = from < to && b[from] == '-' ? from + 1 : from;
        int digits = to - first;
        if (digits == 0 || digits > DynamoNumber.MAX_SIGNIFICANT_DIGITS) {
            return false;
        }
        if (b[first] == '0' && (digits > 1 || first > from)) {
            return false;
        }
        for (int i = first; i < to; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * A hash of the value of the plain decimal in {@code b[from, to)} (see {@link
     * #plainDecimalSize}): equal numbers, however spelled ({@code 1.50}, {@code 01.5}), hash alike,
     * and every zero hashes to 0.
     */
    static long valueHash(byte[] b, int from, int to) {
        int i = from;
        boolean negative = i < to && b[i] == '-';
        if (negative) {
            i++;
        }
        int digits = 0;
        int beforePoint = -1;
        int firstNonZero = -1;
        long hash = 0;
        long hashToLastNonZero = 0;
        for (; i < to; i++) {
            int c = b[i];
            if (c == '.') {
                beforePoint = digits;
                continue;
            }
            if (c != '0' && firstNonZero < 0) {
                firstNonZero = digits;
            }
            if (firstNonZero >= 0) {
                hash = hash * 31 + c;
                if (c != '0') {
                    hashToLastNonZero = hash;
                }
            }
            digits++;
        }
        if (firstNonZero < 0) {
            return 0;
        }
        int exponent = (beforePoint < 0 ? digits : beforePoint) - firstNonZero;
        return FusedHashes.mix(hashToLastNonZero * 31 + exponent) ^ (negative ? 1 : 0);
    }
}
