package dev.ddbimport.core.model;

/** The source data format of an import (ImportTable's InputFormat). */
public enum InputFormat {
    CSV,
    DYNAMODB_JSON,
    ION;

    /** The value set as DynamoDB lists it in a constraint violation: its order, not ours. */
    static final String VALUE_SET = "[ION, CSV, DYNAMODB_JSON]";
}
