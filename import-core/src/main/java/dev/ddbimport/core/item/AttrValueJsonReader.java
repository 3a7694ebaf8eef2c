package dev.ddbimport.core.item;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.ddbimport.core.error.ErrorCode;
import dev.ddbimport.core.validate.ValidationMessages;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads marshalled DynamoDB JSON ({@code {"name":{"S":"text"},...}}) from a Jackson streaming
 * parser straight into {@link AttrValue}s, with no intermediate tree. Shared by the DynamoDB JSON
 * format parser and {@link ItemCodec}, so both apply the same rules:
 *
 * <ul>
 *   <li>each AttributeValue is an object with exactly one type key (S, N, B, BOOL, NULL, L, M, SS,
 *       NS, BS) whose JSON type fits it: S and N are strings (N a string holding the number text,
 *       which is not checked here), B a base64 string, BOOL a boolean, NULL {@code true}, L an array
 *       of AttributeValues, M an object of AttributeValues, SS/NS arrays of strings, BS an array of
 *       base64 strings;
 *   <li>attribute names are unique within each map (the item included);
 *   <li>values nest at most {@value #MAX_LEVELS} levels, counting a top-level attribute as level 1
 *       (a value inside 31 L/M containers is at level 32, one inside 32 is refused), which is where
 *       DynamoDB draws the line; the message is the item validator's, DynamoDB's wording.
 * </ul>
 *
 * Set emptiness, set duplicates and number rules are left to the item validator, which sees every
 * input format.
 */
public final class AttrValueJsonReader {

    /** The deepest level a value may sit at; a top-level attribute's value is level 1. */
    public static final int MAX_LEVELS = 32;

    static final String EMPTY_VALUE_MESSAGE =
            "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes";
    static final String MULTIPLE_TYPES_MESSAGE =
            "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes";
    static final String NULL_FALSE_MESSAGE =
            "One or more parameter values were invalid: Null attribute value types must have the value of true";

    /**
     * Jackson's own nesting cap: well above what valid input needs (two JSON levels per L/M plus the
     * wrapper), low enough that no input can exhaust the stack anywhere Jackson recurses or counts.
     */
    private static final int MAX_JSON_DEPTH = 2 * MAX_LEVELS + 16;

    /** DynamoDB allows attribute names up to 64 KB; Jackson's default cap (50,000 chars) is lower. */
    private static final int MAX_NAME_CHARS = 1 << 20;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_JSON_DEPTH)
                    .maxNameLength(MAX_NAME_CHARS)
                    .build())
            .build();

    private AttrValueJsonReader() {}

    /** Why a value was refused: the error code and the message for the error record. */
    public static final class InvalidAttributeValueException extends Exception {
        private final ErrorCode code;
        private final String detail;
        private final boolean withPath;
        /** Path segments innermost first; filled in while the reader unwinds. */
        private final List<String> reversedPath = new ArrayList<>(4);

        InvalidAttributeValueException(ErrorCode code, String detail, boolean withPath) {
            super(detail, null, false, false);
            this.code = code;
            this.detail = detail;
            this.withPath = withPath;
        }

        public ErrorCode code() {
            return code;
        }

        /** The attribute path, e.g. {@code a.b[2]}, or "" when the error concerns the item itself. */
        public String path() {
            StringBuilder sb = new StringBuilder();
            for (int i = reversedPath.size() - 1; i >= 0; i--) {
                sb.append(reversedPath.get(i));
            }
            return sb.length() > 0 && sb.charAt(0) == '.' ? sb.substring(1) : sb.toString();
        }

        /**
         * DynamoDB's own message where DynamoDB has one (kept verbatim so clients see the same text),
         * otherwise a message naming the attribute path.
         */
        @Override
        public String getMessage() {
            if (!withPath) {
                return detail;
            }
            String path = path();
            return path.isEmpty() ? detail : "Invalid AttributeValue for " + path + ": " + detail;
        }

        InvalidAttributeValueException inAttribute(String name) {
            reversedPath.add("." + name);
            return this;
        }

        InvalidAttributeValueException atIndex(int index) {
            reversedPath.add("[" + index + "]");
            return this;
        }
    }

    /** A parser over {@code bytes} with this format's limits; the caller closes it. */
    public static JsonParser createParser(byte[] bytes) throws IOException {
        return FACTORY.createParser(bytes);
    }

    /**
     * Reads one attribute map (an item, or an M value) whose {@code START_OBJECT} is the parser's
     * current token, up to and including its {@code END_OBJECT}.
     *
     * @throws IOException when the JSON itself is malformed (Jackson's exceptions)
     */
    public static Map<String, AttrValue> readAttributes(JsonParser p)
            throws IOException, InvalidAttributeValueException {
        return readMap(p, 1);
    }

    /** Reads map entries whose values sit at {@code level}. */
    private static Map<String, AttrValue> readMap(JsonParser p, int level)
            throws IOException, InvalidAttributeValueException {
        Map<String, AttrValue> map = new LinkedHashMap<>();
        String name;
        while ((name = p.nextFieldName()) != null) {
            AttrValue value;
            try {
                value = readValue(p, level);
            } catch (InvalidAttributeValueException e) {
                throw e.inAttribute(name);
            }
            // put's return value doubles as the duplicate check, saving a lookup per attribute
            if (map.put(name, value) != null) {
                throw new InvalidAttributeValueException(
                        ErrorCode.DUPLICATE_ATTRIBUTE_NAME,
                        (level == 1 ? "Duplicate attribute name " : "duplicate attribute name ")
                                + quote(name)
                                + (level == 1 ? " in the item" : " in the map"),
                        true);
            }
        }
        return map;
    }

    /** Reads the next value, which must be an AttributeValue object sitting at {@code level}. */
    private static AttrValue readValue(JsonParser p, int level) throws IOException, InvalidAttributeValueException {
        return readValue(p, p.nextToken(), level);
    }

    /** Reads the AttributeValue that starts at {@code token}. */
    private static AttrValue readValue(JsonParser p, JsonToken token, int level)
            throws IOException, InvalidAttributeValueException {
        if (level > MAX_LEVELS) {
            // checked before reading, so no input nests deeper than this in our recursion
            throw new InvalidAttributeValueException(
                    ErrorCode.NESTING_TOO_DEEP, ValidationMessages.NESTING_TOO_DEEP, false);
        }
        if (token != JsonToken.START_OBJECT) {
            throw invalid("an AttributeValue must be a JSON object such as {\"S\":\"text\"}, found " + describe(token));
        }
        String type = p.nextFieldName();
        if (type == null) {
            throw new InvalidAttributeValueException(ErrorCode.INVALID_ATTRIBUTE_VALUE, EMPTY_VALUE_MESSAGE, false);
        }
        AttrValue value = readTyped(p, type, level);
        String extra = p.nextFieldName();
        if (extra != null) {
            if (!isKnownType(extra)) {
                throw unknownType(extra);
            }
            throw new InvalidAttributeValueException(ErrorCode.INVALID_ATTRIBUTE_VALUE, MULTIPLE_TYPES_MESSAGE, false);
        }
        return value;
    }

    private static AttrValue readTyped(JsonParser p, String type, int level)
            throws IOException, InvalidAttributeValueException {
        return switch (type) {
            case "S" -> new AttrValue.S(readString(p, "S must be a JSON string"));
            case "N" -> new AttrValue.N(readString(p, "N must be a JSON string holding the number"));
            case "B" -> new AttrValue.B(decodeBase64(readString(p, "B must be a base64 JSON string"), "B"));
            case "BOOL" -> readBool(p);
            case "NULL" -> readNull(p);
            case "L" -> readList(p, level);
            case "M" -> readNestedMap(p, level);
            case "SS" -> new AttrValue.SS(readStrings(p, "SS"));
            case "NS" -> new AttrValue.NS(readStrings(p, "NS"));
            case "BS" -> readBinarySet(p);
            default -> throw unknownType(type);
        };
    }

    private static String readString(JsonParser p, String expectation)
            throws IOException, InvalidAttributeValueException {
        String text = p.nextTextValue();
        if (text == null) {
            throw invalid(expectation + ", found " + describe(p.currentToken()));
        }
        return text;
    }

    private static AttrValue readBool(JsonParser p) throws IOException, InvalidAttributeValueException {
        JsonToken token = p.nextToken();
        if (token == JsonToken.VALUE_TRUE) {
            return AttrValue.Bool.TRUE;
        }
        if (token == JsonToken.VALUE_FALSE) {
            return AttrValue.Bool.FALSE;
        }
        throw invalid("BOOL must be true or false, found " + describe(token));
    }

    private static AttrValue readNull(JsonParser p) throws IOException, InvalidAttributeValueException {
        JsonToken token = p.nextToken();
        if (token == JsonToken.VALUE_TRUE) {
            return AttrValue.Null.INSTANCE;
        }
        if (token == JsonToken.VALUE_FALSE) {
            throw new InvalidAttributeValueException(ErrorCode.INVALID_ATTRIBUTE_VALUE, NULL_FALSE_MESSAGE, false);
        }
        throw invalid("NULL must be true, found " + describe(token));
    }

    private static AttrValue readList(JsonParser p, int level) throws IOException, InvalidAttributeValueException {
        JsonToken token = p.nextToken();
        if (token != JsonToken.START_ARRAY) {
            throw invalid("L must be a JSON array of AttributeValues, found " + describe(token));
        }
        List<AttrValue> values = new ArrayList<>();
        while (true) {
            int index = values.size();
            AttrValue value;
            try {
                value = readListElement(p, level + 1);
            } catch (InvalidAttributeValueException e) {
                throw e.atIndex(index);
            }
            if (value == null) {
                return new AttrValue.L(values);
            }
            values.add(value);
        }
    }

    /** The next list element, or null at the end of the list. */
    private static AttrValue readListElement(JsonParser p, int level)
            throws IOException, InvalidAttributeValueException {
        JsonToken token = p.nextToken();
        return token == JsonToken.END_ARRAY ? null : readValue(p, token, level);
    }

    private static AttrValue readNestedMap(JsonParser p, int level) throws IOException, InvalidAttributeValueException {
        JsonToken token = p.nextToken();
        if (token != JsonToken.START_OBJECT) {
            throw invalid("M must be a JSON object of attribute names to AttributeValues, found " + describe(token));
        }
        return new AttrValue.M(readMap(p, level + 1));
    }

    private static List<String> readStrings(JsonParser p, String type)
            throws IOException, InvalidAttributeValueException {
        JsonToken token = p.nextToken();
        if (token != JsonToken.START_ARRAY) {
            throw invalid(type + " must be a JSON array of strings, found " + describe(token));
        }
        List<String> values = new ArrayList<>();
        String text;
        while ((text = p.nextTextValue()) != null) {
            values.add(text);
        }
        if (p.currentToken() != JsonToken.END_ARRAY) {
            throw invalid(type + " must be a JSON array of strings, found " + describe(p.currentToken()) + " in it")
                    .atIndex(values.size());
        }
        return values;
    }

    private static AttrValue readBinarySet(JsonParser p) throws IOException, InvalidAttributeValueException {
        List<String> texts = readStrings(p, "BS");
        List<byte[]> values = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            try {
                values.add(decodeBase64(texts.get(i), "BS"));
            } catch (InvalidAttributeValueException e) {
                throw e.atIndex(i);
            }
        }
        return new AttrValue.BS(values);
    }

    private static byte[] decodeBase64(String text, String type) throws InvalidAttributeValueException {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw invalid(type + " must hold base64 text: " + e.getMessage());
        }
    }

    private static boolean isKnownType(String type) {
        return switch (type) {
            case "S", "N", "B", "BOOL", "NULL", "L", "M", "SS", "NS", "BS" -> true;
            default -> false;
        };
    }

    private static InvalidAttributeValueException unknownType(String type) {
        return invalid("unknown AttributeValue type " + quote(type)
                + "; supported types are S, N, B, BOOL, NULL, L, M, SS, NS and BS");
    }

    private static InvalidAttributeValueException invalid(String detail) {
        return new InvalidAttributeValueException(ErrorCode.INVALID_ATTRIBUTE_VALUE, detail, true);
    }

    /** Names a JSON token the way a person reading the error would. */
    public static String describe(JsonToken token) {
        if (token == null) {
            return "the end of the input";
        }
        return switch (token) {
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case END_ARRAY -> "the end of the array";
            case END_OBJECT -> "the end of the object";
            default -> token.toString();
        };
    }

    private static String quote(String name) {
        return '"' + name + '"';
    }
}
