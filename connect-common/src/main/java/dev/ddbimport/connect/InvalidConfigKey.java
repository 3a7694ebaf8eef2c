package dev.ddbimport.connect;

import org.apache.kafka.common.config.ConfigException;

/**
 * A rule between a connector's keys was broken (a secret without its key id, an option only
 * another format takes...); {@link #key()} names the key to fix, so a connector's {@code validate}
 * can put the message under that key for Connect's REST API.
 */
public final class InvalidConfigKey extends ConfigException {

    private final String key;

    public InvalidConfigKey(String key, Object value, String message) {
        super(key, value, message);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
