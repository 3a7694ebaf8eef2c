package dev.ddbimport.core.item;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One DynamoDB attribute value, as parsed from any input format. Values hold exactly what the
 * input said (numbers keep their text, sets keep their order and any duplicates) so that
 * {@code ItemValidator} can reject what DynamoDB would reject, with DynamoDB's wording.
 */
public sealed interface AttrValue
        permits AttrValue.S,
                AttrValue.N,
                AttrValue.B,
                AttrValue.Bool,
                AttrValue.Null,
                AttrValue.L,
                AttrValue.M,
                AttrValue.SS,
                AttrValue.NS,
                AttrValue.BS {

    /** DynamoDB's type descriptor: S, N, B, BOOL, NULL, L, M, SS, NS or BS. */
    String type();

    /**
     * A string, held as its UTF-8 bytes, its {@code String} or both: each form is made from the
     * other on first use and kept, so a value read from bytes and written as bytes (CSV to the
     * item codec) is never decoded. The caches are plain fields, not volatile: an item is used by
     * one thread at a time and handed on only through safe publication (a queue, a future), so do
     * not share a value between threads that read it concurrently.
     *
     * <p>Equal when the {@link #value()}s are equal; two values made from bytes compare their bytes,
     * which is the same thing for well-formed UTF-8.
     */
    final class S implements AttrValue {
        private String value;
        private byte[] utf8;
        /** True when made from bytes, which are then well-formed UTF-8 (see {@link #ofUtf8}). */
        private final boolean fromUtf8;

        public S(String value) {
            this.value = Objects.requireNonNull(value);
            this.fromUtf8 = false;
        }

        private S(byte[] utf8) {
            this.utf8 = Objects.requireNonNull(utf8);
            this.fromUtf8 = true;
        }

        /**
         * A string from its UTF-8 bytes, which the caller has checked are well-formed and hands
         * over: they are kept, not copied, and must not change afterwards.
         */
        public static S ofUtf8(byte[] utf8) {
            return new S(utf8);
        }

        /** The string; decoded from the bytes on first use when made by {@link #ofUtf8}. */
        public String value() {
            String v = value;
            if (v == null) {
                v = new String(utf8, StandardCharsets.UTF_8);
                value = v;
            }
            return v;
        }

        /**
         * The string's UTF-8 bytes (a lone surrogate becomes {@code ?}, as in {@link
         * String#getBytes}); encoded on first use. Shared, not copied: do not modify.
         */
        public byte[] utf8() {
            byte[] b = utf8;
            if (b == null) {
                b = value.getBytes(StandardCharsets.UTF_8);
                utf8 = b;
            }
            return b;
        }

        /**
         * The bytes that give back exactly this value, else null: those made from bytes, or those
         * encoded from a String unless it holds a lone surrogate (which UTF-8 cannot carry).
         */
        byte[] exactUtf8() {
            byte[] b = utf8();
            if (fromUtf8) {
                return b;
            }
            // the encoder writes '?' for a lone surrogate: bytes without any '?' are exact
            for (byte x : b) {
                if (x == '?') {
                    return hasLoneSurrogate(value) ? null : b;
                }
            }
            return b;
        }

        /** True when {@code s} holds a surrogate without its pair, which UTF-8 cannot carry. */
        static boolean hasLoneSurrogate(String s) {
            int n = s.length();
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    return true;
                }
            }
            return false;
        }

        /**
         * The length of {@link #utf8()}. Encodes a String-made value on first use: valid items are
         * written by the item codec next, which then reuses the bytes.
         */
        public int utf8Length() {
            return utf8().length;
        }

        public boolean isEmpty() {
            byte[] b = utf8;
            return b != null ? b.length == 0 : value.isEmpty();
        }

        public String type() {
            return "S";
        }

        @Override
        public boolean equals(Object o) {
            if (this == o) {
                return true;
            }
            if (!(o instanceof S other)) {
                return false;
            }
            if (fromUtf8 && other.fromUtf8) {
                return Arrays.equals(utf8, other.utf8);
            }
            return value().equals(other.value());
        }

        @Override
        public int hashCode() {
            return value().hashCode();
        }

        @Override
        public String toString() {
            return "S[value=" + value() + "]";
        }
    }

    /** A number in the text the input gave; see {@link DynamoNumber} for its rules. */
    record N(String value) implements AttrValue {
        public N {
            Objects.requireNonNull(value);
        }

        public String type() {
            return "N";
        }
    }

    record B(byte[] value) implements AttrValue {
        public B {
            Objects.requireNonNull(value);
        }

        public String type() {
            return "B";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof B other && Arrays.equals(value, other.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "B[" + value.length + " bytes]";
        }
    }

    record Bool(boolean value) implements AttrValue {
        public static final Bool TRUE = new Bool(true);
        public static final Bool FALSE = new Bool(false);

        public static Bool of(boolean value) {
            return value ? TRUE : FALSE;
        }

        public String type() {
            return "BOOL";
        }
    }

    /** DynamoDB's NULL, whose only legal value is {@code true}. */
    record Null() implements AttrValue {
        public static final Null INSTANCE = new Null();

        public String type() {
            return "NULL";
        }
    }

    record L(List<AttrValue> values) implements AttrValue {
        public L {
            Objects.requireNonNull(values);
        }

        public String type() {
            return "L";
        }
    }

    /** A map; iteration order is the input's order. */
    record M(Map<String, AttrValue> values) implements AttrValue {
        public M {
            Objects.requireNonNull(values);
        }

        public String type() {
            return "M";
        }
    }

    record SS(List<String> values) implements AttrValue {
        public SS {
            Objects.requireNonNull(values);
        }

        public String type() {
            return "SS";
        }
    }

    record NS(List<String> values) implements AttrValue {
        public NS {
            Objects.requireNonNull(values);
        }

        public String type() {
            return "NS";
        }
    }

    record BS(List<byte[]> values) implements AttrValue {
        public BS {
            Objects.requireNonNull(values);
        }

        public String type() {
            return "BS";
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof BS other) || other.values.size() != values.size()) {
                return false;
            }
            for (int i = 0; i < values.size(); i++) {
                if (!Arrays.equals(values.get(i), other.values.get(i))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            int h = 1;
            for (byte[] v : values) {
                h = 31 * h + Arrays.hashCode(v);
            }
            return h;
        }

        @Override
        public String toString() {
            return "BS[" + values.size() + " values]";
        }
    }
}
