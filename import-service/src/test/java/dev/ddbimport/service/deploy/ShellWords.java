package dev.ddbimport.service.deploy;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a documented shell command into its words as a POSIX shell would for the subset the docs
 * use: backslash-newline continuations, single and double quotes, backslash escapes, and {@code |}
 * between commands. No variables, globs or substitutions: a recipe that needs them is not checked.
 */
final class ShellWords {

    private ShellWords() {}

    /** The commands of a pipeline, each as its words. */
    static List<List<String>> pipeline(String text) {
        String line = text.replace("\\\n", " ");
        List<List<String>> commands = new ArrayList<>();
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                word = append(word, line.substring(i + 1, end));
                i = end + 1;
            } else if (c == '"') {
                StringBuilder quoted = new StringBuilder();
                i++;
                while (line.charAt(i) != '"') {
                    if (line.charAt(i) == '\\' && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
                        i++;
                    }
                    quoted.append(line.charAt(i++));
                }
                word = append(word, quoted.toString());
                i++;
            } else if (c == '\\') {
                word = append(word, String.valueOf(line.charAt(i + 1)));
                i += 2;
            } else if (c == '|') {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                commands.add(words);
                words = new ArrayList<>();
                i++;
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                i++;
            } else {
                word = append(word, String.valueOf(c));
                i++;
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        commands.add(words);
        return commands;
    }

    private static StringBuilder append(StringBuilder word, String text) {
        return (word == null ? new StringBuilder() : word).append(text);
    }
}
