package dev.ddbimport.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A Dockerfile read into its build stages and their instructions, enough to check what each image is
 * built from: continuation lines joined, comments dropped, {@code COPY} split into flags, sources and
 * destination. No engine is needed (none runs where these tests run).
 */
record DockerfileStages(List<Stage> stages) {

    /** One {@code FROM image AS name} and what follows it. */
    record Stage(String image, String name, List<Instruction> instructions) {

        List<Instruction> all(String keyword) {
            return instructions.stream()
                    .filter(i -> i.keyword().equals(keyword))
                    .toList();
        }

        /** The arguments of every {@code keyword} instruction, joined by spaces: to search them as one text. */
        String joined(String keyword) {
            return String.join(
                    " ", all(keyword).stream().map(Instruction::arguments).toList());
        }

        Optional<Instruction> last(String keyword) {
            List<Instruction> found = all(keyword);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1));
        }

        /** Every {@code COPY}'s parsed form. */
        List<Copy> copies() {
            return all("COPY").stream().map(i -> Copy.parse(i.arguments())).toList();
        }
    }

    record Instruction(String keyword, String arguments) {}

    /** {@code COPY [--from=stage] [--chown=...] source... destination} */
    record Copy(String from, List<String> sources, String destination) {

        static Copy parse(String arguments) {
            List<String> words = new ArrayList<>(Arrays.asList(arguments.trim().split("\\s+")));
            String from = null;
            while (!words.isEmpty() && words.get(0).startsWith("--")) {
                String flag = words.remove(0);
                if (flag.startsWith("--from=")) {
                    from = flag.substring("--from=".length());
                }
            }
            if (words.size() < 2) {
                throw new IllegalArgumentException("COPY needs a source and a destination: COPY " + arguments);
            }
            return new Copy(from, List.copyOf(words.subList(0, words.size() - 1)), words.get(words.size() - 1));
        }
    }

    static DockerfileStages read(Path file) throws IOException {
        List<String> logical = logicalLines(Files.readAllLines(file));
        List<Stage> stages = new ArrayList<>();
        String image = null;
        String name = null;
        List<Instruction> instructions = new ArrayList<>();
        for (String line : logical) {
            String[] parts = line.split("\\s+", 2);
            String keyword = parts[0].toUpperCase(Locale.ROOT);
            String arguments = parts.length > 1 ? parts[1].trim() : "";
            if (keyword.equals("FROM")) {
                if (image != null) {
                    stages.add(new Stage(image, name, List.copyOf(instructions)));
                }
                String[] from = arguments.split("\\s+");
                image = from[0];
                name = from.length >= 3 && from[1].equalsIgnoreCase("AS") ? from[2] : null;
                instructions = new ArrayList<>();
            } else if (image == null) {
                if (!keyword.equals("ARG")) {
                    throw new IOException(file + ": " + keyword + " before the first FROM");
                }
            } else {
                instructions.add(new Instruction(keyword, arguments));
            }
        }
        if (image == null) {
            throw new IOException(file + " has no FROM");
        }
        stages.add(new Stage(image, name, List.copyOf(instructions)));
        return new DockerfileStages(List.copyOf(stages));
    }

    /** Joins lines ending in a backslash; drops comments and blank lines (also inside a continuation). */
    private static List<String> logicalLines(List<String> physical) {
        List<String> logical = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : physical) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
            } else {
                current.append(line);
                logical.add(current.toString());
                current.setLength(0);
            }
        }
        if (!current.isEmpty()) {
            logical.add(current.toString());
        }
        return logical;
    }

    Stage stage(String name) {
        return stages.stream()
                .filter(s -> name.equals(s.name()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("The Dockerfile has no stage " + name + "; it has "
                        + stages.stream().map(Stage::name).toList()));
    }
}
