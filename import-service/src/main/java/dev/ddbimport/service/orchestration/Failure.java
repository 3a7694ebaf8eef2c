package dev.ddbimport.service.orchestration;

/**
 * Why an import failed, as DescribeImport reports it.
 *
 * @param code FailureCode ({@code S3NoSuchBucket}, {@code ItemValidationError}, ...)
 * @param message FailureMessage: what happened and what to do
 */
record Failure(String code, String message) {}
