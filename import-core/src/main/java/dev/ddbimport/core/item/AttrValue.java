package dev.ddbimport.core.item;

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

    record S(String value) implements AttrValue {
        public S {
            Objects.requireNonNull(value);
        }

        public String type() {
            return "S";
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
