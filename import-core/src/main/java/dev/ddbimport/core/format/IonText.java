package dev.ddbimport.core.format;

/**
 * The Ion text scanning both fast readers share ({@link IonFastPathParser}, {@link FusedIonEncoder}):
 * byte classes from one table lookup instead of a chain of comparisons, identifiers, keywords and
 * base64 digits, all over a record's bytes.
 */
final class IonText {

    private static final byte IDENTIFIER_START = 1;
    private static final byte DIGIT = 2;
    private static final byte BASE64 = 4;
    private static final byte WHITESPACE = 8;
    private static final byte DELIMITER = 16;
    private static final byte[] CLASSES = new byte[256];

    static {
        for (int c = 0; c < 128; c++) {
            int k = 0;
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            boolean digit = c >= '0' && c <= '9';
            if (letter || c == '_' || c == '$') {
                k |= IDENTIFIER_START;
            }
            if (digit) {
                k |= DIGIT;
            }
            if (letter || digit || c == '+' || c == '/' || c == '=') {
                k |= BASE64;
            }
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == 0x0C) {
                k |= WHITESPACE | DELIMITER;
            }
            if (c == ',' || c == ']' || c == '}') {
                k |= DELIMITER;
            }
            CLASSES[c] = (byte) k;
        }
    }

    private IonText() {}

    static boolean isWhitespace(byte b) {
        return (CLASSES[b & 0xFF] & WHITESPACE) != 0;
    }

    /** Whitespace, ',', ']' or '}': what may follow a scalar inside a container. */
    static boolean isDelimiter(byte b) {
        return (CLASSES[b & 0xFF] & DELIMITER) != 0;
    }

    static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    static boolean isIdentifierStart(byte b) {
        return (CLASSES[b & 0xFF] & IDENTIFIER_START) != 0;
    }

    static boolean isBase64(byte b) {
        return (CLASSES[b & 0xFF] & BASE64) != 0;
    }

    /** The 6-bit value of a base64 digit (not '='). */
    static int base64Value(byte b) {
        if (b >= 'A' && b <= 'Z') {
            return b - 'A';
        }
        if (b >= 'a' && b <= 'z') {
            return b - 'a' + 26;
        }
        if (b >= '0' && b <= '9') {
            return b - '0' + 52;
        }
        return b == '+' ? 62 : 63;
    }

    /** The first position at or after {@code pos} that is not whitespace. */
    static int skipWhitespace(byte[] r, int pos) {
        // the common case, no whitespace at all, in one comparison: Ion whitespace is below '!'
        if (pos < r.length && r[pos] > ' ') {
            return pos;
        }
        while (pos < r.length && isWhitespace(r[pos])) {
            pos++;
        }
        return pos;
    }

    /** The end of the identifier starting at {@code from}; {@code from} when there is none. */
    static int identifierEnd(byte[] r, int from) {
        int i = from;
        if (i < r.length && isIdentifierStart(r[i])) {
            i++;
            while (i < r.length && (CLASSES[r[i] & 0xFF] & (IDENTIFIER_START | DIGIT)) != 0) {
                i++;
            }
        }
        return i;
    }

    /** {@code $} followed by digits only: a symbol ID, whose text needs a symbol table. */
    static boolean isSymbolId(byte[] r, int start, int end) {
        if (r[start] != '$' || end - start < 2) {
            return false;
        }
        for (int i = start + 1; i < end; i++) {
            if (!isDigit(r[i])) {
                return false;
            }
        }
        return true;
    }

    static boolean isKeyword(byte[] r, int start, int end, String keyword) {
        return end - start == keyword.length() && regionEquals(r, start, keyword);
    }

    static boolean regionEquals(byte[] r, int start, String ascii) {
        if (start + ascii.length() > r.length) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (r[start + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
