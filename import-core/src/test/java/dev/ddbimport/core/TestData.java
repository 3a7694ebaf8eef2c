package dev.ddbimport.core;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the shared sample files (../shared/testdata next to the checkout). */
public final class TestData {
    private TestData() {}

    public static Path root() {
        String override = System.getProperty("ddbimport.testdata");
        Path root = override != null
                ? Path.of(override)
                : Path.of("")
                        .toAbsolutePath()
                        .getParent()
                        .getParent()
                        .resolve("shared")
                        .resolve("testdata");
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("Sample data folder not found at " + root
                    + ": the tests expect shared/testdata next to the repository checkout"
                    + " (or -Dddbimport.testdata=DIR)");
        }
        return root;
    }

    public static Path path(String relative) {
        Path p = root().resolve(relative);
        if (!Files.exists(p)) {
            throw new IllegalStateException("Sample file missing: " + p);
        }
        return p;
    }
}
