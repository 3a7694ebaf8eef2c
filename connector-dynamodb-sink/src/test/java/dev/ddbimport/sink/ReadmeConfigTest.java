package dev.ddbimport.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ddbimport.connect.ConfigDocs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration section is {@link ConfigDocs#markdown} of {@link DynamoDbSinkConfig#CONFIG_DEF},
 * exactly. To regenerate it after changing the ConfigDef, run this test with
 * {@code -Dddbimport.updateReadme=true}.
 */
class ReadmeConfigTest {

    @Test
    void shouldDocumentExactlyTheConfigDef() throws IOException {
        Path readme = Path.of("README.md");
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        String generated = ConfigDocs.markdown(DynamoDbSinkConfig.CONFIG_DEF) + "\n";
        if (Boolean.getBoolean("ddbimport.updateReadme")) {
            Files.writeString(readme, ConfigDocs.withSection(text, generated));
            return;
        }
        assertEquals(
                generated,
                ConfigDocs.section(text),
                "README.md's configuration is stale: run ReadmeConfigTest with -Dddbimport.updateReadme=true");
    }
}
