package dev.ddbimport.core.frame;

import dev.ddbimport.core.error.ErrorCode;

/**
 * A record or an object that could not be framed.
 *
 * @param itemIndex the index the failed record takes (so later records keep their indexes)
 * @param offset uncompressed byte offset where the problem starts
 * @param compressedOffset compressed byte offset for decompression errors, else -1
 * @param head the first bytes of the offending record (bounded), for the dead letter
 * @param fatal true when nothing more can be read from the object (corrupt stream, limit reached)
 */
public record FrameError(
        long itemIndex, long offset, long compressedOffset, ErrorCode code, String message, byte[] head, boolean fatal)
        implements Frame {}
