package dev.ddbimport.core.pipeline;

/** DescribeImport's ImportStatus values. */
public enum ImportStatus {
    IN_PROGRESS,
    COMPLETED,
    CANCELLING,
    CANCELLED,
    FAILED;

    /** True while the pipeline stages should be running for the import. */
    public boolean running() {
        return this == IN_PROGRESS;
    }
}
