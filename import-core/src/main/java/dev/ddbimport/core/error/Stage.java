package dev.ddbimport.core.error;

/** The pipeline stage at which a record was rejected; travels with every error record. */
public enum Stage {
    /** Decompressing the object or cutting it into records. */
    FRAME,
    /** Turning one record's bytes into an item. */
    PARSE,
    /** Checking an item against DynamoDB's item rules and the table's key schema. */
    VALIDATE,
    /** Writing an item to the table. */
    WRITE
}
