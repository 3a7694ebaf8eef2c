package dev.ddbimport.core.pipeline;

/**
 * Header names of an item record on an import's items topic (key = {@code ItemCodec.keyBytes}, value
 * = {@code ItemCodec.encode}). Values are UTF-8 text, numbers in decimal.
 *
 * <p>Together they are the item's source pointer and its last-write-wins sequence: items with the
 * same key are ordered by (object key compared as unsigned UTF-8 bytes, itemIndex, subIndex), and the
 * greatest wins. Per key, the items topic holds a strictly increasing run of such sequences in offset
 * order, so a sink that applies one key's records in offset order ends with the winner.
 */
public final class ItemRecordHeaders {

    /** The S3 bucket the item was read from. */
    public static final String BUCKET = "ddbimport.object.bucket";
    /** The S3 object key the item was read from. */
    public static final String OBJECT_KEY = "ddbimport.object.key";
    /** The 0-based index of the item's record within its object (DynamoDB's itemS3Pointer.itemIndex). */
    public static final String ITEM_INDEX = "ddbimport.item.index";
    /**
     * The item's 0-based position within its record; present only when greater than 0 (a DynamoDB
     * JSON line holding several objects), absent means 0.
     */
    public static final String SUB_INDEX = "ddbimport.item.subindex";

    private ItemRecordHeaders() {}
}
