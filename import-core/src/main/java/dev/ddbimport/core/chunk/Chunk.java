package dev.ddbimport.core.chunk;

/**
 * One chunk of an object, ready to send.
 *
 * @param index 0-based chunk index within the object
 * @param firstItemIndex itemIndex of the first entry (no entries: the object's record count so far)
 * @param offset uncompressed offset of the first entry (no entries: bytes read so far)
 * @param value the {@link ChunkCodec} encoding of the entries
 * @param entries how many entries {@code value} holds
 * @param nextItemIndex the itemIndex the object's next record takes after this chunk
 * @param bytesRead uncompressed bytes of the object consumed up to the end of this chunk (on the last
 *     chunk: everything read)
 * @param last true on the object's final chunk
 * @param csvHeader the object's CSV header line when it has one, else null
 */
public record Chunk(
        int index,
        long firstItemIndex,
        long offset,
        byte[] value,
        int entries,
        long nextItemIndex,
        long bytesRead,
        boolean last,
        byte[] csvHeader) {}
