package dev.ddbimport.service.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Option values the AWS CLI way: {@code file://PATH} reads a file, anything else is the value itself. */
final class CliInputs {
    private CliInputs() {}

    static String read(String value) throws IOException {
        if (value.startsWith("file://")) {
            return Files.readString(Path.of(value.substring("file://".length())), StandardCharsets.UTF_8);
        }
        return value;
    }
}
