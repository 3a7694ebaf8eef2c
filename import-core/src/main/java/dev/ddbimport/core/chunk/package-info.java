/**
 * The chunk record contract between the S3 source and the transform stage.
 *
 * <p>A chunk is a run of whole records of one object (never a record cut in two), plus the framing
 * errors met between them. On Kafka a chunk record has:
 *
 * <ul>
 *   <li><b>key</b>: the S3 object key, UTF-8, so all chunks of an object stay in order in one partition;
 *   <li><b>value</b>: {@link dev.ddbimport.core.chunk.ChunkCodec}'s encoding of a list of {@link
 *       dev.ddbimport.core.frame.RawRecord} and {@link dev.ddbimport.core.frame.FrameError} entries, in
 *       object order;
 *   <li><b>headers</b>: the names in {@link dev.ddbimport.core.chunk.ChunkHeaders}.
 * </ul>
 *
 * <p>Value layout (varint = unsigned LEB128, zigzag = signed LEB128 of the zigzag form, string =
 * varint length + UTF-8 bytes, bytes = varint length + bytes):
 *
 * <pre>
 * chunk   = version(0x01) entry*
 * entry   = 0x01 itemIndex:varint offset:varint record:bytes                       ; RECORD
 *         | 0x02 itemIndex:varint offset:varint compressedOffset:zigzag
 *                code:string message:string head:bytes fatal:(0x00|0x01)          ; ERROR
 * </pre>
 *
 * <p>An object always ends with exactly one chunk whose {@code ddbimport.last.chunk} header is
 * {@code "true"} (an object without records gets one empty chunk), which carries the object's totals.
 */
package dev.ddbimport.core.chunk;
