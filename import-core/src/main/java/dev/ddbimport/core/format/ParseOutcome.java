package dev.ddbimport.core.format;

import dev.ddbimport.core.error.ErrorCode;
import dev.ddbimport.core.item.Item;

/** What parsing (and validating) one record gives: an item, or a rejection with DynamoDB's wording. */
public sealed interface ParseOutcome permits ParseOutcome.Parsed, ParseOutcome.Rejected {

    record Parsed(Item item) implements ParseOutcome {}

    record Rejected(ErrorCode code, String message) implements ParseOutcome {}
}
