package dev.ddbimport.connect;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;

/**
 * The checks a connector's {@code validate} adds to Connect's per-key ones, each message under the
 * key a user has to fix, as Connect's REST API ({@code PUT .../config/validate}) shows them.
 */
public final class ConnectorValidation {

    /** The converter Connect needs for records that are raw bytes (chunks, items, error records). */
    public static final String BYTE_ARRAY_CONVERTER = "org.apache.kafka.connect.converters.ByteArrayConverter";

    private static final List<String> CONVERTER_KEYS = List.of("key.converter", "value.converter", "header.converter");

    private final Config config;
    private final Map<String, ConfigValue> values = new HashMap<>();

    private ConnectorValidation(Config config) {
        this.config = config;
        for (ConfigValue v : config.configValues()) {
            values.put(v.name(), v);
        }
    }

    /** Starts from Connect's own result ({@code super.validate(...)}). */
    public static ConnectorValidation of(Config config) {
        return new ConnectorValidation(config);
    }

    /** Adds {@code message} under {@code key}, which need not be one of the connector's own keys. */
    public void addError(String key, String message) {
        values.computeIfAbsent(key, k -> {
                    ConfigValue v = new ConfigValue(k);
                    config.configValues().add(v);
                    return v;
                })
                .addErrorMessage(message);
    }

    /** Requires the byte-array converter for keys, values and headers; {@code why} ends each message. */
    public void requireByteArrayConverters(Map<String, String> connectorConfigs, String why) {
        for (String key : CONVERTER_KEYS) {
            String value = connectorConfigs.get(key);
            if (!BYTE_ARRAY_CONVERTER.equals(value)) {
                addError(key, key + " must be " + BYTE_ARRAY_CONVERTER + ": " + why + " (got " + value + ")");
            }
        }
    }

    /**
     * Runs the checks between keys ({@code parse}, typically the config class's constructor) once
     * every key is valid on its own, the broken rule's message going under the key it names. {@code
     * parse} may add errors of its own with {@link #addError}.
     */
    public void checkKeyRules(Runnable parse) {
        if (!config.configValues().stream().allMatch(v -> v.errorMessages().isEmpty())) {
            return;
        }
        try {
            parse.run();
        } catch (InvalidConfigKey e) {
            addError(e.key(), e.getMessage());
        }
    }

    public Config config() {
        return config;
    }
}
