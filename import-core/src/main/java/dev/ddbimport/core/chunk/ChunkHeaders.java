package dev.ddbimport.core.chunk;

/**
 * Header names of a chunk record. Every value is UTF-8 text (numbers in decimal) except {@link
 * #CSV_HEADER}, which is the header line's raw bytes.
 */
public final class ChunkHeaders {

    /** The import id the chunk belongs to. */
    public static final String IMPORT_ID = "ddbimport.import.id";
    /** The S3 bucket. */
    public static final String BUCKET = "ddbimport.object.bucket";
    /** The S3 object key (also the record key). */
    public static final String OBJECT_KEY = "ddbimport.object.key";
    /** The object's ETag as listed (quotes included), the version every chunk was read from. */
    public static final String OBJECT_ETAG = "ddbimport.object.etag";
    /** 0-based index of this chunk within its object. */
    public static final String CHUNK_INDEX = "ddbimport.chunk.index";
    /** itemIndex of the chunk's first entry (for an empty chunk: the object's record count). */
    public static final String FIRST_ITEM_INDEX = "ddbimport.first.item.index";
    /** Uncompressed byte offset of the chunk's first entry (for an empty chunk: the object's size). */
    public static final String OFFSET = "ddbimport.offset";
    /**
     * The object's CSV header line (raw bytes, no terminator), on every chunk of a CSV object read
     * without a HeaderList; absent otherwise (and absent when the header itself could not be read).
     */
    public static final String CSV_HEADER = "ddbimport.csv.header";
    /** {@code "true"} on the object's final chunk, absent on the others. */
    public static final String LAST_CHUNK = "ddbimport.last.chunk";
    /** On the final chunk: the object's records (items and per-record framing errors). */
    public static final String OBJECT_RECORDS = "ddbimport.object.records";
    /** On the final chunk: the object's uncompressed bytes read (DynamoDB's ProcessedSizeBytes). */
    public static final String OBJECT_BYTES = "ddbimport.object.bytes";

    private ChunkHeaders() {}
}
