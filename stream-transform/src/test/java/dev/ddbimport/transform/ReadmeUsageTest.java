package dev.ddbimport.transform;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's option reference is the command's own help text, never a hand-kept copy. */
class ReadmeUsageTest {

    @Test
    void shouldShowTheCurrentUsageInTheReadme() throws Exception {
        String tmp = System.getProperty("java.io.tmpdir");
        String usage;
        try {
            System.setProperty("java.io.tmpdir", "/tmp"); // the README shows the default state dir on Linux
            usage = StreamTransformMain.commandLine().getUsageMessage();
        } finally {
            System.setProperty("java.io.tmpdir", tmp);
        }
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);

        assertTrue(
                readme.contains("```\n" + usage.stripTrailing() + "\n```"),
                "README.md must show this usage text (copy it in):\n" + usage);
    }
}
