package dev.ddbimport.core.model;

/** How every source object of an import is compressed (ImportTable's InputCompressionType). */
public enum InputCompressionType {
    GZIP,
    ZSTD,
    NONE;

    /** The value set as listed in a constraint violation (the service model's order). */
    static final String VALUE_SET = "[GZIP, ZSTD, NONE]";
}
