package dev.ddbimport.service.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ddbimport demo} from the packaged jar, as the README tells a newcomer to run it. */
class DemoIT {

    private static final Path JAR = Path.of(System.getProperty("ddbimport.jar", "target/ddbimport.jar"));

    @TempDir
    Path tmp;

    @Test
    void shouldRunTheDemoEndToEndAndExitZero() throws Exception {
        assertTrue(Files.isRegularFile(JAR), "packaged jar missing: " + JAR.toAbsolutePath());
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        long begin = System.nanoTime();
        Process process = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        JAR.toString(),
                        "demo",
                        "--data-dir",
                        tmp.resolve("data").toString()))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        boolean ended = process.waitFor(180, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertTrue(ended, "the demo did not end within 180 s: " + stdout + stderr);
        assertEquals(0, process.exitValue(), stdout + stderr);
        System.out.printf("demo took %.1f s%n", (System.nanoTime() - begin) / 1e9);
        assertTrue(stdout.contains("Demo PASSED: every import ended as expected"), stdout);
        assertTrue(
                stdout.matches("(?s).*\\nBooks +FAILED +ItemValidationError +12 +7 +5 +1249 +6  as expected\\n.*"),
                stdout);
        assertTrue(stdout.matches("(?s).*\\nBooksFromCsv +COMPLETED +- +3 +3 +0 +225 +3  as expected\\n.*"), stdout);
        assertTrue(stdout.matches("(?s).*\\nBooksFromIon +COMPLETED +- +3 +3 +0 +334 +3  as expected\\n.*"), stdout);
        assertTrue(stdout.contains("\"ImportStatus\" : \"FAILED\""), stdout);
        assertTrue(stdout.contains("json-gzip/books-with-errors.json.gz #1  MISSING_KEY"), stdout);
        assertTrue(stdout.contains("5 dead letters"), stdout);
        // the progress bar went to stderr
        assertTrue(stderr.contains("objects 4/4"), stderr);
    }
}
