package dev.ddbimport.core.model;

/** Server-side encryption type of the created table (SSESpecification's SSEType). */
public enum SseType {
    AES256,
    KMS;

    static final String VALUE_SET = "[AES256, KMS]";
}
