package dev.ddbimport.service.endpoint;

import java.util.Objects;

/** An AWS access key pair: who signs requests to the endpoint, or how the endpoint signs for its backend. */
public record AccessKey(String accessKeyId, String secretAccessKey) {

    public AccessKey {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        if (accessKeyId.isEmpty() || accessKeyId.indexOf('/') >= 0) {
            throw new IllegalArgumentException("access key id '" + accessKeyId
                    + "' must be non-empty and free of '/' (it is part of the SigV4 scope)");
        }
    }

    @Override
    public String toString() {
        // never print the secret
        return "AccessKey[" + accessKeyId + "]";
    }
}
