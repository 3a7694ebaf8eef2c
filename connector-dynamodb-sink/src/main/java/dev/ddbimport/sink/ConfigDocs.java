package dev.ddbimport.sink;

import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The README's configuration table, generated from {@link DynamoDbSinkConfig#CONFIG_DEF} so the docs
 * never drift from the code ({@code ReadmeConfigTest} checks the README holds exactly this).
 */
public final class ConfigDocs {

    private ConfigDocs() {}

    public static void main(String[] args) {
        System.out.print(markdown());
    }

    /** One Markdown table per group, keys in their group order. */
    public static String markdown() {
        StringBuilder out = new StringBuilder();
        ConfigDef def = DynamoDbSinkConfig.CONFIG_DEF;
        for (String group : def.groups()) {
            out.append("\n#### ").append(group).append("\n\n");
            out.append("| key | type | default | valid values | description |\n");
            out.append("|---|---|---|---|---|\n");
            List<ConfigDef.ConfigKey> keys = def.configKeys().values().stream()
                    .filter(k -> group.equals(k.group))
                    .sorted(Comparator.comparingInt(k -> k.orderInGroup))
                    .toList();
            for (ConfigDef.ConfigKey k : keys) {
                out.append("| `")
                        .append(k.name)
                        .append("` | ")
                        .append(k.type.name().toLowerCase())
                        .append(" | ")
                        .append(defaultOf(k))
                        .append(" | ")
                        .append(k.validator == null ? "" : cell(k.validator.toString()))
                        .append(" | ")
                        .append(cell(k.documentation))
                        .append(" |\n");
            }
        }
        return out.toString();
    }

    private static String defaultOf(ConfigDef.ConfigKey k) {
        if (!k.hasDefault()) {
            return "**required**";
        }
        if (k.defaultValue == null) {
            return "";
        }
        String value = ConfigDef.convertToString(k.defaultValue, k.type);
        return value.isEmpty() ? "\"\"" : "`" + value + "`";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
