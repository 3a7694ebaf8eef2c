package dev.ddbimport.core.model;

/** Which attributes a global secondary index copies from the table. */
public enum ProjectionType {
    ALL,
    KEYS_ONLY,
    INCLUDE;

    static final String VALUE_SET = "[ALL, INCLUDE, KEYS_ONLY]";
}
