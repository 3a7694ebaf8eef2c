package dev.ddbimport.core.model;

/** The role of a key attribute: partition (HASH) or sort (RANGE) key. */
public enum KeyType {
    HASH,
    RANGE;

    static final String VALUE_SET = "[HASH, RANGE]";
}
