package dev.ddbimport.core.pipeline;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The Kafka topics of one import, named from its import id, so that every stage and the control plane
 * agree without passing names around. All of them are deleted when the import is cleaned up.
 *
 * <ul>
 *   <li>{@code ddbimport.<id>.chunks}: chunk records written by the S3 source (key: object key)
 *   <li>{@code ddbimport.<id>.items}: winning items written by the transform (key: canonical key bytes)
 *   <li>{@code ddbimport.<id>.errors}: dead letters from every stage (key: object key)
 *   <li>{@code ddbimport.<id>.progress}: compacted; each stage's cumulative counters per partition
 *   <li>{@code ddbimport.<id>.manifest}: compacted; the source's fixed listing of the prefix
 * </ul>
 *
 * @param importId the import id (the last part of the import ARN)
 */
public record ImportTopics(String importId) {

    /** The compacted topic keyed by import id that lists every import and its state. */
    public static final String REGISTRY_TOPIC = "ddbimport.imports";

    /** The prefix of every per-import topic. */
    public static final String PREFIX = "ddbimport.";

    // Kafka topic names allow [a-zA-Z0-9._-] up to 249 characters; our ids stay well inside that.
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,200}");

    public ImportTopics {
        Objects.requireNonNull(importId, "importId");
        if (!ID.matcher(importId).matches()) {
            throw new IllegalArgumentException("import id '" + importId
                    + "' cannot name Kafka topics: use 1-200 characters of A-Z, a-z, 0-9, '_' and '-'");
        }
    }

    public String chunks() {
        return PREFIX + importId + ".chunks";
    }

    public String items() {
        return PREFIX + importId + ".items";
    }

    public String errors() {
        return PREFIX + importId + ".errors";
    }

    public String progress() {
        return PREFIX + importId + ".progress";
    }

    public String manifest() {
        return PREFIX + importId + ".manifest";
    }

    /** Every topic above, in pipeline order. */
    public List<String> all() {
        return List.of(chunks(), items(), errors(), progress(), manifest());
    }
}
