package dev.ddbimport.service.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the packaged command line as a user does: {@code java -jar ddbimport.jar …} in its own process. */
class DdbImportJarIT {

    private static final Path JAR = Path.of(System.getProperty("ddbimport.jar", "target/ddbimport.jar"));

    /** Where each run's stdout and stderr go; JUnit deletes it after each test. */
    @TempDir
    Path tmp;

    record Result(int exit, String out, String err) {}

    private Result ddbimport(String... args) throws IOException, InterruptedException {
        assertTrue(Files.isRegularFile(JAR), "packaged jar missing: " + JAR.toAbsolutePath());
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "ddbimport-out", ".txt");
        Path err = Files.createTempFile(tmp, "ddbimport-err", ".txt");
        Process process = new ProcessBuilder(command)
                .directory(Path.of("..").toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("ddbimport did not finish within 60 s: " + String.join(" ", args));
        }
        return new Result(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void shouldRunTheReadmePreflightCommandFromThePackagedJar() throws Exception {
        Result r = ddbimport(
                "preflight",
                "--input-format",
                "DYNAMODB_JSON",
                "--table-creation-parameters",
                "file://samples/books/table.json",
                "samples/books/books.json");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("OK: an import of these files would complete with no errors."), r.out());
        assertTrue(r.err().isEmpty(), "nothing on stderr for a small clean run: " + r.err());
    }

    @Test
    void shouldExitOneAndPrintDeadLettersForBadInput() throws Exception {
        Result r = ddbimport(
                "preflight",
                "--input-format",
                "DYNAMODB_JSON",
                "--table-creation-parameters",
                "file://samples/books/table.json",
                "samples/books/books-with-errors.json");
        assertEquals(1, r.exit());
        assertTrue(
                r.out()
                        .contains(
                                "\"itemS3Pointer\":{\"key\":\"samples/books/books-with-errors.json\",\"itemIndex\":1}"),
                r.out());
    }

    @Test
    void shouldListTheCommandsInHelp() throws Exception {
        Result r = ddbimport("--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("preflight"), r.out());
        assertTrue(r.out().contains("Exit status"), r.out());
    }
}
