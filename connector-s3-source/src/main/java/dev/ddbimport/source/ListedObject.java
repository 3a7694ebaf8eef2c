package dev.ddbimport.source;

import java.util.Objects;

/**
 * One object of an import's fixed listing.
 *
 * @param key the object key
 * @param size the object's stored (compressed) size in bytes
 * @param etag the ETag as listed, quotes included; every GET sends it as If-Match
 */
public record ListedObject(String key, long size, String etag) {
    public ListedObject {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(etag, "etag");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size + " for " + key);
        }
    }
}
