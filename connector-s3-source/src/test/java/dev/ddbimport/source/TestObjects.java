package dev.ddbimport.source;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Source objects of known content for the tests: the records, and the object's bytes. */
final class TestObjects {

    /** One object: its records (as the framer must hand them out) and its stored bytes. */
    record TestObject(String key, List<String> records, byte[] bytes) {}

    private TestObjects() {}

    static TestObject make(String key, String format, String compression, int records) {
        List<String> expected = new ArrayList<>(records);
        StringBuilder text = new StringBuilder();
        if (format.equals("CSV")) {
            text.append("pk,n,note\r\n");
        }
        for (int i = 0; i < records; i++) {
            String record = switch (format) {
                case "CSV" ->
                    i % 7 == 3
                            ? key + "-" + i + "," + i + ",\"two\nlines, \"\"quoted\"\"\""
                            : key + "-" + i + "," + i + ",plain";
                case "DYNAMODB_JSON" ->
                    "{\"Item\":{\"pk\":{\"S\":\"" + key + "-" + i + "\"},\"n\":{\"N\":\"" + i + "\"}}}";
                case "ION" -> "$ion_1_0 {Item:{pk:\"" + key + "-" + i + "\",n:" + i + "}}";
                default -> throw new IllegalArgumentException(format);
            };
            expected.add(record);
            text.append(record).append(i % 5 == 0 ? "\r\n" : "\n");
            if (i % 11 == 0) {
                text.append("\n"); // blank lines are not records
            }
        }
        return new TestObject(key, expected, compress(text.toString().getBytes(StandardCharsets.UTF_8), compression));
    }

    static byte[] compress(byte[] bytes, String compression) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (OutputStream c = switch (compression) {
                case "GZIP" -> new GZIPOutputStream(out);
                case "ZSTD" -> new ZstdOutputStream(out);
                default -> out;
            }) {
                c.write(bytes);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
