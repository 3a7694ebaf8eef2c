package dev.ddbimport.core.format;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.ddbimport.core.error.ErrorCode;
import dev.ddbimport.core.item.AttrValue;
import dev.ddbimport.core.item.AttrValueJsonReader;
import dev.ddbimport.core.item.AttrValueJsonReader.InvalidAttributeValueException;
import dev.ddbimport.core.item.Item;
import dev.ddbimport.core.validate.ValidationMessages;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses DYNAMODB_JSON records: {@code {"Item":{"name":{"S":"value"},...}}}, the format of
 * DynamoDB's own exports, straight from the bytes with Jackson's streaming parser.
 *
 * <ul>
 *   <li>A record may hold several such objects one after another, with or without whitespace
 *       between them (DynamoDB imported them all): each gives one outcome, in order. When object k
 *       is broken, the outcomes of objects 0..k-1 stand and a single {@link ParseOutcome.Rejected}
 *       stands for the rest of the record, as nothing after a syntax error can be trusted.
 *   <li>Members other than {@code Item} next to it are ignored, so lines carrying extra metadata
 *       still import; an object without {@code Item} (or with {@code Item} that is not an object) is
 *       rejected as {@link ErrorCode#JSON_MISSING_ITEM}; {@code Item} given twice is {@link
 *       ErrorCode#JSON_SYNTAX}, since which one was meant is unknowable.
 *   <li>AttributeValues follow {@link AttrValueJsonReader}'s rules (exactly one type, JSON types
 *       that fit, unique names, at most {@value AttrValueJsonReader#MAX_LEVELS} levels), with
 *       DynamoDB's wording where DynamoDB has one.
 *   <li>Malformed JSON is {@link ErrorCode#JSON_SYNTAX} with the byte offset and column; bytes that
 *       are not UTF-8 are {@link ErrorCode#INVALID_UTF8}.
 *   <li>A record holding only whitespace gives no outcome (DynamoDB ignores blank lines).
 * </ul>
 *
 * Plain records are read by {@link DynamoJsonFastPathParser}; the rest, and every rejection, by
 * Jackson.
 *
 * <p>Thread-safe: its only state is a {@link NameCache}, which may be shared.
 */
public final class DynamoJsonItemParser implements ItemParser {

    private static final String ITEM_MEMBER = "Item";

    private final NameCache names = new NameCache();

    @Override
    public List<ParseOutcome> parse(byte[] record) {
        List<ParseOutcome> fast = DynamoJsonFastPathParser.tryParse(record, names);
        return fast != null ? fast : parseWithJackson(record);
    }

    /** The reference path: everything the fast path leaves. */
    static List<ParseOutcome> parseWithJackson(byte[] record) {
        ParseOutcome first = null;
        List<ParseOutcome> more = null;
        try (JsonParser p = AttrValueJsonReader.createParser(record)) {
            while (true) {
                ParseOutcome outcome;
                try {
                    JsonToken token = p.nextToken();
                    if (token == null) {
                        break;
                    }
                    outcome = parseObject(p, token);
                } catch (InvalidAttributeValueException e) {
                    outcome = new ParseOutcome.Rejected(e.code(), e.getMessage());
                } catch (IOException e) {
                    outcome = rejectMalformed(e);
                }
                if (first == null) {
                    first = outcome;
                } else {
                    if (more == null) {
                        more = new ArrayList<>(4);
                        more.add(first);
                    }
                    more.add(outcome);
                }
                if (outcome instanceof ParseOutcome.Rejected) {
                    break;
                }
            }
        } catch (IOException e) {
            // closing a parser over a byte array does not fail; keep what was parsed if it does
        }
        if (more != null) {
            return more;
        }
        return first == null ? List.of() : List.of(first);
    }

    /** Parses the top-level value that starts at {@code token}, up to its end. */
    private static ParseOutcome parseObject(JsonParser p, JsonToken token)
            throws IOException, InvalidAttributeValueException {
        if (token != JsonToken.START_OBJECT) {
            // read past the value first: a line such as "name":{ is broken JSON, not JSON without an Item
            p.skipChildren();
            p.nextToken();
            return missingItem("found " + AttrValueJsonReader.describe(token) + " where an object was expected");
        }
        Map<String, AttrValue> attributes = null;
        String name;
        while ((name = p.nextFieldName()) != null) {
            if (!ITEM_MEMBER.equals(name)) {
                p.nextToken();
                p.skipChildren();
                continue;
            }
            if (attributes != null) {
                return new ParseOutcome.Rejected(
                        ErrorCode.JSON_SYNTAX,
                        "Duplicate member \"Item\" at byte offset "
                                + p.currentTokenLocation().getByteOffset() + ": an object must hold one Item");
            }
            JsonToken value = p.nextToken();
            if (value != JsonToken.START_OBJECT) {
                return missingItem(
                        "its Item member is " + AttrValueJsonReader.describe(value) + ", not an object of attributes");
            }
            attributes = AttrValueJsonReader.readAttributes(p);
        }
        if (attributes == null) {
            return missingItem("the object has no Item member");
        }
        return new ParseOutcome.Parsed(new Item(attributes));
    }

    private static ParseOutcome missingItem(String why) {
        return new ParseOutcome.Rejected(
                ErrorCode.JSON_MISSING_ITEM,
                "Missing the Item member: " + why + "; each line must hold {\"Item\":{\"name\":{\"S\":\"value\"}}}");
    }

    private static ParseOutcome rejectMalformed(IOException e) {
        if (e instanceof StreamConstraintsException constraint) {
            // deep nesting outside the Item (where our own level check cannot see it); other limits
            // (e.g. a 1000-digit JSON number) read as malformed JSON below
            String message = constraint.getOriginalMessage();
            if (message != null && message.contains("nesting depth")) {
                return new ParseOutcome.Rejected(ErrorCode.NESTING_TOO_DEEP, ValidationMessages.NESTING_TOO_DEEP);
            }
        }
        String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        message = firstLine(message);
        String where = e instanceof JsonProcessingException j ? where(j.getLocation()) : "";
        if (message != null && message.startsWith("Invalid UTF-8")) {
            // Jackson notices a bad byte a little after it, so the offset is approximate
            return new ParseOutcome.Rejected(
                    ErrorCode.INVALID_UTF8, "Invalid UTF-8" + where.replace(" at ", " near ") + ": " + message);
        }
        return new ParseOutcome.Rejected(ErrorCode.JSON_SYNTAX, "Malformed JSON" + where + ": " + message);
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getByteOffset() < 0) {
            return "";
        }
        return " at byte offset " + location.getByteOffset() + " (column " + location.getColumnNr() + ")";
    }

    /** Jackson may append source details after a newline or a " (start marker at"; keep the description. */
    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable input";
        }
        int cut = message.indexOf('\n');
        if (cut >= 0) {
            message = message.substring(0, cut);
        }
        int marker = message.indexOf(" (start marker at");
        return marker >= 0 ? message.substring(0, marker) : message;
    }
}
