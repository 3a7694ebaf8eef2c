package dev.ddbimport.core.error;

/**
 * Stable codes for every way a record or object can be rejected. The names are part of the error
 * record contract (dead letters, counters by code): add new codes, never rename one.
 */
public enum ErrorCode {
    // frame: the object or the record boundary
    RECORD_TOO_LARGE(Stage.FRAME),
    CSV_UNTERMINATED_QUOTE(Stage.FRAME),
    DECOMPRESSION_FAILED(Stage.FRAME),
    UNCOMPRESSED_LIMIT_EXCEEDED(Stage.FRAME),
    COMPRESSION_MISMATCH(Stage.FRAME),
    READ_FAILED(Stage.FRAME),
    /** A chunk record the transform cannot decode (not written by the S3 source, or corrupted). */
    INVALID_CHUNK(Stage.FRAME),
    /** Records of an object that never reached the transform (a chunk lost or skipped on the way). */
    RECORDS_MISSING(Stage.FRAME),

    // parse: one record's bytes
    INVALID_UTF8(Stage.PARSE),
    CSV_COLUMN_COUNT_MISMATCH(Stage.PARSE),
    CSV_INVALID_QUOTE(Stage.PARSE),
    CSV_INVALID_HEADER(Stage.PARSE),
    JSON_SYNTAX(Stage.PARSE),
    JSON_MISSING_ITEM(Stage.PARSE),
    ION_SYNTAX(Stage.PARSE),
    ION_MISSING_ITEM(Stage.PARSE),
    ION_UNSUPPORTED_VALUE(Stage.PARSE),
    INVALID_ATTRIBUTE_VALUE(Stage.PARSE),
    DUPLICATE_ATTRIBUTE_NAME(Stage.PARSE),

    // validate: DynamoDB's item rules
    MISSING_KEY(Stage.VALIDATE),
    KEY_TYPE_MISMATCH(Stage.VALIDATE),
    INDEX_KEY_TYPE_MISMATCH(Stage.VALIDATE),
    EMPTY_KEY_VALUE(Stage.VALIDATE),
    KEY_TOO_LARGE(Stage.VALIDATE),
    ITEM_TOO_LARGE(Stage.VALIDATE),
    INVALID_NUMBER(Stage.VALIDATE),
    NUMBER_PRECISION(Stage.VALIDATE),
    NUMBER_OUT_OF_RANGE(Stage.VALIDATE),
    EMPTY_SET(Stage.VALIDATE),
    DUPLICATE_SET_ELEMENT(Stage.VALIDATE),
    NESTING_TOO_DEEP(Stage.VALIDATE),
    EMPTY_ATTRIBUTE_NAME(Stage.VALIDATE),

    // write: what the table itself refused
    WRITE_REJECTED(Stage.WRITE);

    private final Stage stage;

    ErrorCode(Stage stage) {
        this.stage = stage;
    }

    public Stage stage() {
        return stage;
    }
}
