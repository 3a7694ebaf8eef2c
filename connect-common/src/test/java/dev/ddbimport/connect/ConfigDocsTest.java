package dev.ddbimport.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

class ConfigDocsTest {

    private static final ConfigDef DEF = new ConfigDef()
            .define(
                    "b.key",
                    ConfigDef.Type.INT,
                    5,
                    ConfigDef.Range.atLeast(1),
                    ConfigDef.Importance.LOW,
                    "Second | piped",
                    "G",
                    2,
                    ConfigDef.Width.SHORT,
                    "b")
            .define(
                    "a.key",
                    ConfigDef.Type.STRING,
                    ConfigDef.NO_DEFAULT_VALUE,
                    ConfigDef.Importance.HIGH,
                    "First\nline",
                    "G",
                    1,
                    ConfigDef.Width.SHORT,
                    "a")
            .define(
                    "c.key",
                    ConfigDef.Type.STRING,
                    "",
                    ConfigDef.Importance.LOW,
                    "Empty default",
                    "H",
                    1,
                    ConfigDef.Width.SHORT,
                    "c");

    @Test
    void shouldWriteOneTablePerGroupInGroupOrder() {
        assertEquals(
                "\n#### G\n\n| key | type | default | valid values | description |\n|---|---|---|---|---|\n"
                        + "| `a.key` | string | **required** |  | First line |\n"
                        + "| `b.key` | int | `5` | [1,...] | Second \\| piped |\n"
                        + "\n#### H\n\n| key | type | default | valid values | description |\n|---|---|---|---|---|\n"
                        + "| `c.key` | string | \"\" |  | Empty default |\n",
                ConfigDocs.markdown(DEF));
    }

    @Test
    void shouldReadAndReplaceTheSectionBetweenTheMarkers() {
        String readme = "intro\n" + ConfigDocs.START + "old\n" + ConfigDocs.END + "\nrest\n";

        assertEquals("old\n", ConfigDocs.section(readme));
        assertEquals(
                "intro\n" + ConfigDocs.START + "new\n" + ConfigDocs.END + "\nrest\n",
                ConfigDocs.withSection(readme, "new\n"));
    }

    @Test
    void shouldRefuseAReadmeWithoutMarkers() {
        assertThrows(IllegalArgumentException.class, () -> ConfigDocs.section("no markers here"));
    }
}
