package dev.ddbimport.service.local;

import java.net.URI;
import java.util.Locale;

/**
 * What the endpoint signs with when it talks to the backing DynamoDB (its own calls and the
 * operations it forwards).
 */
public enum BackendCredentials {
    /**
     * Credentials from the AWS SDK's default chain (environment, profile, web identity, container or
     * instance role), resolved for each request; forwarded requests are re-signed with them. What a
     * real DynamoDB needs: it checks every signature, and a client's cannot match the backend's host.
     */
    DEFAULT_CHAIN("default-chain"),
    /**
     * Forwarded requests keep the client's signature and the endpoint's own calls use a fixed local
     * key: for DynamoDB Local and compatible servers that check no signature.
     */
    PASSTHROUGH("passthrough");

    public static final String FLAG = "--backend-credentials";

    private final String optionValue;

    BackendCredentials(String optionValue) {
        this.optionValue = optionValue;
    }

    /** {@code default-chain} or {@code passthrough}, as the command line spells them. */
    public static BackendCredentials parse(String value) {
        for (BackendCredentials c : values()) {
            if (c.optionValue.equals(value.strip().toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new IllegalArgumentException("Invalid value '" + value + "' for " + FLAG
                + ": expected default-chain (the AWS credentials of this service) or passthrough (the client's"
                + " signature, for DynamoDB Local)");
    }

    /**
     * The default for a backing DynamoDB: passthrough for a server of one's own (DynamoDB Local), the
     * default chain for AWS's, which is any endpoint under {@code amazonaws.com} (including VPC
     * endpoints) or no endpoint at all.
     *
     * @param endpoint the backing DynamoDB's URL; null for AWS's regional endpoint
     */
    public static BackendCredentials defaultFor(URI endpoint) {
        if (endpoint == null || endpoint.getHost() == null) {
            return DEFAULT_CHAIN;
        }
        String host = endpoint.getHost().toLowerCase(Locale.ROOT);
        return host.endsWith(".amazonaws.com") || host.endsWith(".amazonaws.com.cn") ? DEFAULT_CHAIN : PASSTHROUGH;
    }
}
