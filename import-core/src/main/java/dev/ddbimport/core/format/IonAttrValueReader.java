package dev.ddbimport.core.format;

import com.amazon.ion.IntegerSize;
import com.amazon.ion.IonReader;
import com.amazon.ion.IonType;
import com.amazon.ion.SymbolToken;
import dev.ddbimport.core.error.ErrorCode;
import dev.ddbimport.core.item.AttrValue;
import dev.ddbimport.core.validate.ValidationMessages;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the Ion value an {@link IonReader} is positioned on into an {@link AttrValue}, following
 * the mapping documented on {@link IonItemParser}. Recursion is bounded: a value deeper than
 * {@link #MAX_LEVELS} levels is rejected before it is stepped into, so its content is skipped by
 * the reader's own (iterative) scanner and never recursed over.
 */
final class IonAttrValueReader {
    /**
     * Levels a value may sit at: an item attribute's value is level 1, an element of it level 2 (as
     * the item validator and the DynamoDB JSON parser count).
     */
    static final int MAX_LEVELS = 32;

    private static final String SS_ANNOTATION = "$dynamodb_SS";
    private static final String NS_ANNOTATION = "$dynamodb_NS";
    private static final String BS_ANNOTATION = "$dynamodb_BS";
    private static final String RESERVED_ANNOTATION_PREFIX = "$dynamodb_";

    private IonAttrValueReader() {}

    /**
     * Reads the struct the reader is positioned on as an item's (or a map's) attributes, whose
     * values sit at {@code level}.
     */
    static Map<String, AttrValue> readAttributes(IonReader reader, int level) throws IonRejection {
        reader.stepIn();
        Map<String, AttrValue> attributes = new LinkedHashMap<>();
        IonType type;
        while ((type = reader.next()) != null) {
            String name = fieldName(reader);
            AttrValue value;
            try {
                value = readValue(reader, type, level);
            } catch (IonRejection rejection) {
                throw rejection.underField(name);
            }
            if (attributes.putIfAbsent(name, value) != null) {
                throw IonRejection.at(ErrorCode.DUPLICATE_ATTRIBUTE_NAME, "Duplicate attribute name " + name);
            }
        }
        reader.stepOut();
        return attributes;
    }

    /** Reads the current value, which sits at {@code level} (1 for an item's attributes). */
    static AttrValue readValue(IonReader reader, IonType type, int level) throws IonRejection {
        if (level > MAX_LEVELS) {
            throw IonRejection.exactly(ErrorCode.NESTING_TOO_DEEP, ValidationMessages.NESTING_TOO_DEEP);
        }
        SetKind set = setKind(reader);
        if (set != null) {
            return readSet(reader, type, set);
        }
        if (reader.isNullValue()) {
            // every typed null (null, null.string, null.list, ...) is DynamoDB's NULL
            return AttrValue.Null.INSTANCE;
        }
        return switch (type) {
            case STRING -> new AttrValue.S(reader.stringValue());
            case SYMBOL -> new AttrValue.S(symbolText(reader));
            case TIMESTAMP -> new AttrValue.S(reader.timestampValue().toString());
            case DECIMAL -> new AttrValue.N(reader.bigDecimalValue().toString());
            case INT -> new AttrValue.N(intText(reader));
            case FLOAT -> new AttrValue.N(floatText(reader.doubleValue()));
            case BOOL -> AttrValue.Bool.of(reader.booleanValue());
            case BLOB, CLOB -> new AttrValue.B(reader.newBytes());
            case LIST -> new AttrValue.L(readList(reader, level + 1));
            case STRUCT -> new AttrValue.M(readAttributes(reader, level + 1));
            case SEXP ->
                throw IonRejection.at(
                        ErrorCode.ION_UNSUPPORTED_VALUE,
                        "Ion s-expression has no DynamoDB type; use a list for L or a $dynamodb_SS/NS/BS list for a set");
            // a typed null was handled above; a reader never yields DATAGRAM
            case NULL, DATAGRAM -> throw new IllegalStateException("Ion reader yielded " + type + " as a value");
        };
    }

    /** Reads the list the reader is positioned on, whose elements sit at {@code level}. */
    private static List<AttrValue> readList(IonReader reader, int level) throws IonRejection {
        reader.stepIn();
        List<AttrValue> values = new ArrayList<>();
        IonType type;
        while ((type = reader.next()) != null) {
            try {
                values.add(readValue(reader, type, level));
            } catch (IonRejection rejection) {
                throw rejection.underIndex(values.size());
            }
        }
        reader.stepOut();
        return values;
    }

    /** The three set kinds: the annotation that marks them and the scalar type of their elements. */
    private enum SetKind {
        SS(SS_ANNOTATION, "S", "a string (or symbol or timestamp)"),
        NS(NS_ANNOTATION, "N", "a decimal (or int or finite float)"),
        BS(BS_ANNOTATION, "B", "a blob (or clob)");

        final String annotation;
        final String elementType;
        final String expected;

        SetKind(String annotation, String elementType, String expected) {
            this.annotation = annotation;
            this.elementType = elementType;
            this.expected = expected;
        }
    }

    /**
     * The set a value's annotations ask for, or null for none. Annotations other than
     * {@code $dynamodb_*} are ignored (Ion lets producers annotate freely); an unknown
     * {@code $dynamodb_*} one, or two set annotations, are rejected rather than silently ignored.
     */
    private static SetKind setKind(IonReader reader) throws IonRejection {
        SymbolToken[] annotations = reader.getTypeAnnotationSymbols();
        SetKind found = null;
        for (SymbolToken annotation : annotations) {
            String text = annotation.getText();
            if (text == null || !text.startsWith(RESERVED_ANNOTATION_PREFIX)) {
                continue;
            }
            SetKind kind = switch (text) {
                case SS_ANNOTATION -> SetKind.SS;
                case NS_ANNOTATION -> SetKind.NS;
                case BS_ANNOTATION -> SetKind.BS;
                default ->
                    throw IonRejection.at(
                            ErrorCode.ION_UNSUPPORTED_VALUE,
                            "Unsupported annotation " + text
                                    + "; DynamoDB's Ion format knows $dynamodb_SS, $dynamodb_NS and $dynamodb_BS");
            };
            if (found != null) {
                throw IonRejection.at(
                        ErrorCode.INVALID_ATTRIBUTE_VALUE,
                        "A value cannot be both " + found.annotation + " and " + kind.annotation);
            }
            found = kind;
        }
        return found;
    }

    private static AttrValue readSet(IonReader reader, IonType type, SetKind set) throws IonRejection {
        if (type != IonType.LIST || reader.isNullValue()) {
            throw IonRejection.at(
                    ErrorCode.INVALID_ATTRIBUTE_VALUE,
                    set.annotation + " must annotate a list, not " + describe(reader, type));
        }
        reader.stepIn();
        List<String> texts = new ArrayList<>();
        List<byte[]> bytes = new ArrayList<>();
        IonType elementType;
        while ((elementType = reader.next()) != null) {
            int index = texts.size() + bytes.size();
            // an element is any non-null scalar that would map to the set's scalar type on its own
            if (reader.isNullValue() || IonType.isContainer(elementType)) {
                throw notASetElement(reader, elementType, set).underIndex(index);
            }
            AttrValue element;
            try {
                element = readValue(reader, elementType, 1);
            } catch (IonRejection rejection) {
                throw rejection.underIndex(index);
            }
            if (!element.type().equals(set.elementType)) {
                throw notASetElement(reader, elementType, set).underIndex(index);
            }
            if (element instanceof AttrValue.S s) {
                texts.add(s.value());
            } else if (element instanceof AttrValue.N n) {
                texts.add(n.value());
            } else {
                bytes.add(((AttrValue.B) element).value());
            }
        }
        reader.stepOut();
        return switch (set) {
            case SS -> new AttrValue.SS(texts);
            case NS -> new AttrValue.NS(texts);
            case BS -> new AttrValue.BS(bytes);
        };
    }

    private static IonRejection notASetElement(IonReader reader, IonType type, SetKind set) {
        return IonRejection.at(
                ErrorCode.INVALID_ATTRIBUTE_VALUE,
                set.annotation + " element must be " + set.expected + ", not " + describe(reader, type));
    }

    /** A field name's text; a symbol ID without text (e.g. $0) names nothing. */
    static String fieldName(IonReader reader) throws IonRejection {
        String text = reader.getFieldNameSymbol().getText();
        if (text == null) {
            throw IonRejection.at(ErrorCode.ION_UNSUPPORTED_VALUE, "Field name is a symbol with unknown text");
        }
        return text;
    }

    private static String symbolText(IonReader reader) throws IonRejection {
        String text = reader.symbolValue().getText();
        if (text == null) {
            throw IonRejection.at(ErrorCode.ION_UNSUPPORTED_VALUE, "Symbol value has unknown text");
        }
        return text;
    }

    private static String intText(IonReader reader) {
        return reader.getIntegerSize() == IntegerSize.BIG_INTEGER
                ? reader.bigIntegerValue().toString()
                : Long.toString(reader.longValue());
    }

    /**
     * A finite float as the shortest decimal text that reads back as the same double ({@code 1.5e0}
     * gives "1.5", not the double's exact binary expansion), without a needless ".0".
     */
    static String floatText(double value) throws IonRejection {
        if (!Double.isFinite(value)) {
            String ion = Double.isNaN(value) ? "nan" : value > 0 ? "+inf" : "-inf";
            throw IonRejection.at(
                    ErrorCode.ION_UNSUPPORTED_VALUE, "Ion float " + ion + " is not a number DynamoDB can store");
        }
        String text = Double.toString(value);
        return text.endsWith(".0") ? text.substring(0, text.length() - 2) : text;
    }

    /** "a string", "null.list", ... for messages. */
    static String describe(IonReader reader, IonType type) {
        String name = type.name().toLowerCase(Locale.ROOT);
        if (reader.isNullValue()) {
            return type == IonType.NULL ? "null" : "null." + name;
        }
        return switch (type) {
            case INT -> "an int";
            case STRUCT, STRING, SYMBOL, TIMESTAMP, DECIMAL, FLOAT, BOOL, BLOB, CLOB, LIST -> "a " + name;
            case SEXP -> "an s-expression";
            case NULL, DATAGRAM -> name;
        };
    }
}
