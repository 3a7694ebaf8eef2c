package dev.ddbimport.core.frame;

/**
 * One record of an object, without its line terminator.
 *
 * @param itemIndex 0-based index of this record among the object's records (blank lines and a CSV
 *     header line are not records), as in DynamoDB's {@code itemS3Pointer.itemIndex}
 * @param offset uncompressed byte offset of the record's first byte within the object
 */
public record RawRecord(long itemIndex, long offset, byte[] bytes) implements Frame {}
