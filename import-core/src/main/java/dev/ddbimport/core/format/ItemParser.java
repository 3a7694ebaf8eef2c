package dev.ddbimport.core.format;

import java.util.List;

/**
 * Parses one framed record into items. A record normally gives exactly one outcome; a DynamoDB
 * JSON line holding several concatenated objects gives one per object, in order (their position in
 * the list is the sub-index that orders them for last-write-wins). Never throws on bad input: bad
 * input is a {@link ParseOutcome.Rejected}.
 */
public interface ItemParser {
    List<ParseOutcome> parse(byte[] record);
}
