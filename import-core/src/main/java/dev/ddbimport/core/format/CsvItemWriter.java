package dev.ddbimport.core.format;

import dev.ddbimport.core.item.AttrValue;
import dev.ddbimport.core.item.Item;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Writes items as CSV that {@link CsvItemParser} (and DynamoDB's ImportTable) reads back into the
 * same items: for round-trip tests, benchmark data and demo data. Output is UTF-8 with no line
 * terminator; the caller adds {@code "\n"} or {@code "\r\n"}.
 *
 * <p>A field is quoted when it holds the delimiter, a quote, CR or LF (quotes doubled inside), and
 * also when it is the only column and all whitespace, since a framer skips whitespace-only lines.
 * An attribute the item lacks is written as an empty field; an empty S or B therefore reads back
 * as absent, which is how ImportTable treats empty columns.
 */
public final class CsvItemWriter {
    private CsvItemWriter() {}

    /**
     * @throws IllegalArgumentException for an unsupported delimiter, no columns, or an empty column
     *     name
     */
    public static byte[] header(List<String> columns, char delimiter) {
        checkDelimiter(delimiter);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("CSV header needs at least one column");
        }
        StringBuilder line = new StringBuilder(columns.size() * 12);
        for (int i = 0; i < columns.size(); i++) {
            String name = Objects.requireNonNull(columns.get(i), "column name");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("CSV column " + (i + 1) + " has an empty name");
            }
            if (i > 0) {
                line.append(delimiter);
            }
            appendField(line, name, delimiter, columns.size() == 1);
        }
        return line.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * One record: each column's attribute (S as text, N as its text, B as base64), an empty field
     * where the item lacks it. Attributes not named in {@code columns} are not written.
     *
     * @throws IllegalArgumentException when a written attribute is not S, N or B (CSV cannot carry
     *     other types), or for an unsupported delimiter
     */
    public static byte[] row(Item item, List<String> columns, char delimiter) {
        checkDelimiter(delimiter);
        StringBuilder line = new StringBuilder(columns.size() * 16);
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                line.append(delimiter);
            }
            String column = columns.get(i);
            AttrValue value = item.get(column);
            if (value == null) {
                continue;
            }
            String text;
            if (value instanceof AttrValue.S s) {
                text = s.value();
            } else if (value instanceof AttrValue.N n) {
                text = n.value();
            } else if (value instanceof AttrValue.B b) {
                text = Base64.getEncoder().encodeToString(b.value());
            } else {
                throw new IllegalArgumentException("Attribute '" + column + "' is of type " + value.type()
                        + ", which CSV cannot carry; only S, N and B can be written");
            }
            appendField(line, text, delimiter, columns.size() == 1);
        }
        return line.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void appendField(StringBuilder line, String text, char delimiter, boolean onlyColumn) {
        if (!needsQuotes(text, delimiter, onlyColumn)) {
            line.append(text);
            return;
        }
        line.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                line.append('"');
            }
            line.append(c);
        }
        line.append('"');
    }

    private static boolean needsQuotes(String text, char delimiter, boolean onlyColumn) {
        boolean blank = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == delimiter || c == '"' || c == '\r' || c == '\n') {
                return true;
            }
            if (c != ' ' && c != '\t' && c != '\f' && c != 0x0B) {
                blank = false;
            }
        }
        return onlyColumn && blank && !text.isEmpty();
    }

    private static void checkDelimiter(char delimiter) {
        switch (delimiter) {
            case ',', ';', ':', '|', '\t', ' ' -> {}
            default ->
                throw new IllegalArgumentException("Unsupported CSV delimiter '" + delimiter
                        + "': use one of , ; : | tab or space (ImportTable's Csv.Delimiter)");
        }
    }
}
