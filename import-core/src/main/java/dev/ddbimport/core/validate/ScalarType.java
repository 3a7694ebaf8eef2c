package dev.ddbimport.core.validate;

/** The types a key attribute may have (AttributeDefinitions' AttributeType). */
public enum ScalarType {
    S,
    N,
    B
}
