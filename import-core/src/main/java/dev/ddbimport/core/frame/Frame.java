package dev.ddbimport.core.frame;

/** What a {@link RecordFramer} hands out: a header line, a record, or a framing error. */
public sealed interface Frame permits HeaderLine, RawRecord, FrameError {

    /** Uncompressed byte offset of the first byte of this frame within its object. */
    long offset();
}
