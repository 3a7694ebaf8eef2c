package dev.ddbimport.transform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's sample objects ({@code samples/books}), found from the working directory up. */
final class Samples {

    private Samples() {}

    static String books(String name) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path file = dir.resolve("samples").resolve("books").resolve(name);
            if (Files.isRegularFile(file)) {
                try {
                    return Files.readString(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        throw new IllegalStateException("samples/books/" + name + " not found above "
                + Path.of("").toAbsolutePath() + ": run the tests from inside the ddbimport repository");
    }
}
