package dev.ddbimport.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Where the source objects live: a bucket, its optional owner account and a raw key prefix. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record S3BucketSource(
        @JsonProperty("S3Bucket") String s3Bucket,
        @JsonProperty("S3BucketOwner") String s3BucketOwner,
        @JsonProperty("S3KeyPrefix") String s3KeyPrefix) {}
