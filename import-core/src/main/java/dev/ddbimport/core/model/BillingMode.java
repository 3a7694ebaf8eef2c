package dev.ddbimport.core.model;

/** How the created table is billed; absent means PROVISIONED, as for CreateTable. */
public enum BillingMode {
    PROVISIONED,
    PAY_PER_REQUEST;

    static final String VALUE_SET = "[PROVISIONED, PAY_PER_REQUEST]";
}
