package dev.ddbimport.core.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ddbimport.core.RecordEncoder;
import dev.ddbimport.core.error.ErrorCode;
import dev.ddbimport.core.frame.Frame;
import dev.ddbimport.core.frame.RawRecord;
import dev.ddbimport.core.frame.RecordFramer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;

/** Runs records through two encoders and compares everything they output. */
final class EncoderEquivalence {
    private EncoderEquivalence() {}

    /** One output of an encoder, comparable: an item's key and record in hex, or a rejection. */
    record Outcome(String keyHex, String itemHex, ErrorCode code, String message) {
        boolean isItem() {
            return code == null;
        }

        @Override
        public String toString() {
            return isItem()
                    ? "item(key " + shorten(keyHex) + ", record " + shorten(itemHex) + ")"
                    : "rejected(" + code + ", " + shorten(message) + ")";
        }

        private static String shorten(String s) {
            return s.length() <= 300 ? s : s.substring(0, 300) + "...(" + s.length() + " chars)";
        }
    }

    static List<Outcome> outcomes(RecordEncoder encoder, byte[] record) {
        List<Outcome> outcomes = new ArrayList<>();
        encoder.encode(record, new RecordEncoder.Output() {
            @Override
            public void item(byte[] keyBytes, byte[] itemBytes) {
                outcomes.add(new Outcome(
                        HexFormat.of().formatHex(keyBytes), HexFormat.of().formatHex(itemBytes), null, null));
            }

            @Override
            public void rejected(ErrorCode code, String message) {
                outcomes.add(new Outcome(null, null, code, message));
            }
        });
        return outcomes;
    }

    /** Asserts both encoders give the same outcomes for {@code record}, and returns them. */
    static List<Outcome> assertSame(RecordEncoder reference, RecordEncoder fused, byte[] record) {
        List<Outcome> expected = outcomes(reference, record);
        List<Outcome> actual = outcomes(fused, record);
        assertEquals(expected, actual, () -> "outcomes differ for record " + describe(record));
        return actual;
    }

    /** The record as text with its bytes in hex, for failure messages. */
    static String describe(byte[] record) {
        String hex = HexFormat.of().formatHex(record, 0, Math.min(record.length, 400));
        String text = new String(record, 0, Math.min(record.length, 400), java.nio.charset.StandardCharsets.UTF_8);
        return "[" + text + "] (" + record.length + " bytes: " + hex + (record.length > 400 ? "...)" : ")");
    }

    /**
     * {@code record} changed at one random place: a byte flipped, removed or inserted (one of
     * {@code inserts}, bytes that matter to the format), a broken UTF-8 sequence inserted, a
     * truncation, a stretch repeated, or the record twice.
     */
    static byte[] mutated(Random random, byte[] record, byte[] inserts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = record.length == 0 ? 0 : random.nextInt(record.length);
        switch (random.nextInt(7)) {
            case 0 -> {
                byte[] copy = record.clone();
                if (copy.length > 0) {
                    copy[at] = (byte) random.nextInt(256);
                }
                return copy;
            }
            case 1 -> {
                return Arrays.copyOf(record, at);
            }
            case 2 -> {
                out.write(record, 0, at);
                int next = Math.min(at + 1, record.length);
                out.write(record, next, record.length - next);
            }
            case 3 -> {
                out.write(record, 0, at);
                out.write(inserts[random.nextInt(inserts.length)]);
                out.write(record, at, record.length - at);
            }
            case 4 -> {
                byte[][] broken = {
                    {(byte) 0xC0, (byte) 0x80},
                    {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                    {(byte) 0x80},
                    {(byte) 0xE6, (byte) 0x9D},
                    {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                    {(byte) 0xFF}
                };
                out.write(record, 0, at);
                out.writeBytes(broken[random.nextInt(broken.length)]);
                out.write(record, at, record.length - at);
            }
            case 5 -> {
                int end = at + random.nextInt(record.length - at + 1);
                out.write(record, 0, end);
                out.write(record, at, record.length - at);
            }
            default -> {
                out.writeBytes(record);
                out.write(' ');
                out.writeBytes(record);
            }
        }
        return out.toByteArray();
    }

    /** The whole file with its line breaks made spaces, read as one record; empty when gzipped. */
    static byte[] joinedLines(Path file) throws IOException {
        byte[] bytes = file.toString().endsWith(".gz") ? new byte[0] : Files.readAllBytes(file);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n' || bytes[i] == '\r') {
                bytes[i] = ' ';
            }
        }
        return bytes;
    }

    /** The records of a newline-delimited file, as the pipeline frames them. */
    static List<byte[]> lines(Path file) throws IOException {
        List<byte[]> records = new ArrayList<>();
        try (InputStream in = file.toString().endsWith(".gz")
                        ? new GZIPInputStream(Files.newInputStream(file))
                        : Files.newInputStream(file);
                RecordFramer framer = RecordFramer.lines(in, 1 << 20)) {
            for (Frame frame = framer.next(); frame != null; frame = framer.next()) {
                if (frame instanceof RawRecord record) {
                    records.add(record.bytes());
                }
            }
        }
        return records;
    }
}
