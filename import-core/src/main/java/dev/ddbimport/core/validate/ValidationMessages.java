package dev.ddbimport.core.validate;

import dev.ddbimport.core.item.DynamoNumber;
import java.util.Base64;
import java.util.List;

/**
 * DynamoDB's exact wording for every item rule, in one place so every module reports the same text
 * an AWS SDK would see from DynamoDB. Quirks (double spaces, "An string", "of2048", "]of type")
 * are DynamoDB's own and kept on purpose. The number messages live with the number rules, in
 * {@link DynamoNumber}.
 */
public final class ValidationMessages {

    private static final String INVALID = "One or more parameter values were invalid: ";
    private static final String NOT_VALID = "One or more parameter values are not valid. ";

    public static final String EMPTY_STRING_SET = INVALID + "An string set  may not be empty";
    public static final String EMPTY_NUMBER_SET = INVALID + "An number set  may not be empty";
    public static final String EMPTY_BINARY_SET = INVALID + "Binary sets should not be empty";
    public static final String NESTING_TOO_DEEP =
            "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit";
    public static final String ITEM_TOO_LARGE = "Item size has exceeded the maximum allowed size";
    public static final String EMPTY_ATTRIBUTE_NAME = INVALID + "Empty attribute name";
    public static final String PARTITION_KEY_TOO_LARGE =
            INVALID + "Size of hashkey has exceeded the maximum size limit of2048 bytes";
    public static final String SORT_KEY_TOO_LARGE =
            INVALID + "Aggregated size of all range keys has exceeded the size limit of 1024 bytes";

    private ValidationMessages() {}

    public static String missingKey(String keyName) {
        return INVALID + "Missing the key " + keyName + " in the item";
    }

    public static String keyTypeMismatch(String keyName, ScalarType expected, String actualType) {
        return INVALID + "Type mismatch for key " + keyName + " expected: " + expected + " actual: " + actualType;
    }

    public static String indexKeyTypeMismatch(
            String keyName, ScalarType expected, String actualType, String indexName) {
        return INVALID + "Type mismatch for Index Key " + keyName + " Expected: " + expected + " Actual: " + actualType
                + " IndexName: " + indexName;
    }

    /** {@code binary} picks DynamoDB's B variant of the message. */
    public static String emptyKeyValue(String keyName, boolean binary) {
        return NOT_VALID + "The AttributeValue for a key attribute cannot contain an empty " + kind(binary)
                + " value. Key: " + keyName;
    }

    /** {@code binary} picks DynamoDB's B variant of the message. */
    public static String emptyIndexKeyValue(String keyName, boolean binary, String indexName) {
        return NOT_VALID + "A value specified for a secondary index key is not supported. "
                + "The AttributeValue for a key attribute cannot contain an empty " + kind(binary)
                + " value. IndexName: " + indexName + ", IndexKey: " + keyName;
    }

    /** A string or number set with a repeated element, listed as the input gave it. */
    public static String duplicateElements(List<String> elements) {
        return INVALID + "Input collection " + listed(elements) + " contains duplicates.";
    }

    /** A binary set with a repeated element; DynamoDB lists it base64-encoded and names the type. */
    public static String duplicateBinaryElements(List<byte[]> elements) {
        Base64.Encoder base64 = Base64.getEncoder();
        StringBuilder sb = new StringBuilder(INVALID).append("Input collection [");
        for (int i = 0; i < elements.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(base64.encodeToString(elements.get(i)));
        }
        return sb.append("]of type BS contains duplicates.").toString();
    }

    private static String listed(List<String> elements) {
        return "[" + String.join(", ", elements) + "]";
    }

    private static String kind(boolean binary) {
        return binary ? "binary" : "string";
    }
}
