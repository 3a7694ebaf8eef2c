package dev.ddbimport.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

/** A connector's own checks, each message under the key to fix, as Connect's validate shows them. */
class ConnectorValidationTest {

    private static final String BYTES = ConnectorValidation.BYTE_ARRAY_CONVERTER;

    private static ConnectorValidation validation(ConfigValue... values) {
        return ConnectorValidation.of(new Config(new ArrayList<>(List.of(values))));
    }

    private static Map<String, List<String>> errors(ConnectorValidation v) {
        return v.config().configValues().stream()
                .filter(c -> !c.errorMessages().isEmpty())
                .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
    }

    @Test
    void shouldNameEachConverterThatIsNotTheByteArrayOne() {
        ConnectorValidation v = validation(new ConfigValue("topic"));
        v.requireByteArrayConverters(
                Map.of("key.converter", BYTES, "value.converter", "org.apache.kafka.connect.json.JsonConverter"),
                "records are raw bytes");
        Map<String, List<String>> errors = errors(v);
        assertEquals(
                List.of("header.converter", "value.converter"),
                errors.keySet().stream().sorted().toList());
        assertEquals(
                List.of("value.converter must be " + BYTES
                        + ": records are raw bytes (got org.apache.kafka.connect.json.JsonConverter)"),
                errors.get("value.converter"));
        assertTrue(errors.get("header.converter").get(0).endsWith("(got null)"), errors.toString());
    }

    @Test
    void shouldPutABrokenKeyRuleUnderTheKeyItNamesKeepingTheOtherValues() {
        ConfigValue existing = new ConfigValue("s3.secret.access.key");
        ConnectorValidation v = validation(new ConfigValue("s3.bucket"), existing);
        v.checkKeyRules(() -> {
            throw new InvalidConfigKey("s3.secret.access.key", null, "is required when s3.access.key.id is set");
        });
        assertEquals(2, v.config().configValues().size(), "no second entry for a key Connect already listed");
        assertEquals(
                List.of("Invalid value null for configuration s3.secret.access.key: is required when"
                        + " s3.access.key.id is set"),
                existing.errorMessages());
    }

    @Test
    void shouldNotRunKeyRulesWhileAKeyIsInvalidOnItsOwn() {
        ConfigValue bad = new ConfigValue("chunk.bytes");
        bad.addErrorMessage("Invalid value -1 for configuration chunk.bytes");
        ConnectorValidation v = validation(bad);
        List<String> ran = new ArrayList<>();
        v.checkKeyRules(() -> ran.add("ran"));
        assertEquals(List.of(), ran);
    }

    @Test
    void shouldAddAnEntryForAKeyTheConnectorDoesNotDefine() {
        ConnectorValidation v = validation(new ConfigValue("topic"));
        v.checkKeyRules(() -> v.addError("producer.override.max.request.size", "must be a number"));
        assertEquals(Map.of("producer.override.max.request.size", List.of("must be a number")), errors(v));
    }
}
