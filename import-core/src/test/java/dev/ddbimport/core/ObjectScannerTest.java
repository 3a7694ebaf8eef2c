package dev.ddbimport.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbimport.core.compress.Compression;
import dev.ddbimport.core.error.ErrorCode;
import dev.ddbimport.core.item.AttrValue;
import dev.ddbimport.core.item.Item;
import dev.ddbimport.core.model.InputFormat;
import dev.ddbimport.core.validate.KeySchema;
import dev.ddbimport.core.validate.ScalarType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class ObjectScannerTest {

    private static final KeySchema KEYS = KeySchema.of(new KeySchema.KeyAttribute("pk", ScalarType.S), null);

    record Seen(long itemIndex, int subIndex, long offset, Item item) {}

    record Failed(long itemIndex, long offset, ErrorCode code, String message) {}

    static final class Collector implements ObjectScanner.Listener {
        final List<Seen> items = new ArrayList<>();
        final List<Failed> errors = new ArrayList<>();

        @Override
        public void onItem(long itemIndex, int subIndex, long offset, Item item) {
            items.add(new Seen(itemIndex, subIndex, offset, item));
        }

        @Override
        public void onError(long itemIndex, long offset, ErrorCode code, String message, byte[] raw) {
            errors.add(new Failed(itemIndex, offset, code, message));
        }
    }

    private static FormatSpec spec(InputFormat format, Compression compression, List<String> header, int maxRecord) {
        return new FormatSpec(format, compression, ',', header, KEYS, maxRecord, 1L << 30);
    }

    private static ObjectScanner.Summary scan(FormatSpec spec, byte[] bytes, Collector c) throws IOException {
        return new ObjectScanner(spec).scan(new ByteArrayInputStream(bytes), c);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(plain);
        }
        return bytes.toByteArray();
    }

    @Test
    void shouldReportItemsErrorsAndTotalsWithPointers() throws IOException {
        String input =
                "{\"Item\":{\"pk\":{\"S\":\"a\"}}}\n\n   \n{\"Item\":{\"x\":{\"S\":\"b\"}}}\r\n{\"Item\":{\"pk\":{\"S\":\"c\"}}}";
        Collector c = new Collector();
        ObjectScanner.Summary s = scan(spec(InputFormat.DYNAMODB_JSON, Compression.NONE, null, 1024), utf8(input), c);
        assertEquals(new ObjectScanner.Summary(3, 2, 1, utf8(input).length, null), s);
        assertEquals(List.of(0L, 2L), c.items.stream().map(Seen::itemIndex).toList());
        assertEquals(
                input.indexOf("{\"Item\":{\"pk\":{\"S\":\"c\""), c.items.get(1).offset());
        assertEquals(
                new Failed(
                        1,
                        input.indexOf("{\"Item\":{\"x\""),
                        ErrorCode.MISSING_KEY,
                        "One or more parameter values were invalid: Missing the key pk in the item"),
                c.errors.get(0));
    }

    @Test
    void shouldGiveEachConcatenatedObjectItsSubIndex() throws IOException {
        String line = "{\"Item\":{\"pk\":{\"S\":\"a\"}}}{\"Item\":{\"pk\":{\"S\":\"b\"}}}\n";
        Collector c = new Collector();
        ObjectScanner.Summary s = scan(spec(InputFormat.DYNAMODB_JSON, Compression.NONE, null, 1024), utf8(line), c);
        assertEquals(1, s.records());
        assertEquals(2, s.items());
        assertEquals(List.of(0, 1), c.items.stream().map(Seen::subIndex).toList());
        assertEquals(new AttrValue.S("b"), c.items.get(1).item().get("pk"));
    }

    @Test
    void shouldUseTheHeaderLineOfEachCsvObject() throws IOException {
        Collector c = new Collector();
        ObjectScanner.Summary s = scan(
                spec(InputFormat.CSV, Compression.NONE, null, 1024), utf8("\npk,name\nk1,Ann\n,Bob\nk3,\"C, D\"\n"), c);
        assertEquals(3, s.records());
        assertEquals(List.of(0L, 2L), c.items.stream().map(Seen::itemIndex).toList());
        assertEquals(new AttrValue.S("C, D"), c.items.get(1).item().get("name"));
        assertEquals(ErrorCode.MISSING_KEY, c.errors.get(0).code());
    }

    @Test
    void shouldTreatEveryLineAsDataWithAHeaderList() throws IOException {
        Collector c = new Collector();
        ObjectScanner.Summary s =
                scan(spec(InputFormat.CSV, Compression.NONE, List.of("pk", "n"), 1024), utf8("pk,n\nk1,1\n"), c);
        assertEquals(2, s.items());
        assertEquals(new AttrValue.S("pk"), c.items.get(0).item().get("pk"));
    }

    @Test
    void shouldFailTheObjectOnAnUnreadableCsvHeader() throws IOException {
        Collector c = new Collector();
        ObjectScanner.Summary s = scan(spec(InputFormat.CSV, Compression.NONE, null, 1024), utf8("pk,,x\nk1,a,b\n"), c);
        assertTrue(s.failed());
        assertEquals(ErrorCode.CSV_INVALID_HEADER, c.errors.get(0).code());
        assertTrue(c.items.isEmpty());
    }

    @Test
    void shouldSkipAnOversizeRecordAndKeepTheNext() throws IOException {
        String big = "{\"Item\":{\"pk\":{\"S\":\"" + "x".repeat(500) + "\"}}}";
        String input = big + "\n{\"Item\":{\"pk\":{\"S\":\"ok\"}}}\n";
        Collector c = new Collector();
        ObjectScanner.Summary s = scan(spec(InputFormat.DYNAMODB_JSON, Compression.NONE, null, 100), utf8(input), c);
        assertFalse(s.failed());
        assertEquals(ErrorCode.RECORD_TOO_LARGE, c.errors.get(0).code());
        assertEquals(1, c.items.get(0).itemIndex());
        assertEquals(utf8(input).length, s.uncompressedBytes());
    }

    @Test
    void shouldRefuseACompressedObjectDeclaredUncompressed() throws IOException {
        Collector c = new Collector();
        ObjectScanner.Summary s = scan(
                spec(InputFormat.DYNAMODB_JSON, Compression.NONE, null, 1024),
                gzip(utf8("{\"Item\":{\"pk\":{\"S\":\"a\"}}}\n")),
                c);
        assertTrue(s.failed());
        assertEquals(ErrorCode.COMPRESSION_MISMATCH, c.errors.get(0).code());
        assertTrue(
                c.errors.get(0).message().contains("set InputCompressionType to GZIP"),
                c.errors.get(0).message());
    }

    @Test
    void shouldKeepTheItemsBeforeACorruptTail() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            sb.append("{\"Item\":{\"pk\":{\"S\":\"k").append(i).append("\"}}}\n");
        }
        byte[] gz = gzip(utf8(sb.toString()));
        byte[] truncated = Arrays.copyOf(gz, gz.length - 20);
        Collector c = new Collector();
        ObjectScanner.Summary s = scan(spec(InputFormat.DYNAMODB_JSON, Compression.GZIP, null, 1024), truncated, c);
        assertTrue(s.failed());
        assertEquals(
                ErrorCode.DECOMPRESSION_FAILED,
                c.errors.get(c.errors.size() - 1).code());
        assertTrue(s.items() > 1000, "items decoded before the damage are kept: " + s.items());
        for (int i = 0; i < c.items.size(); i++) {
            assertEquals(i, c.items.get(i).itemIndex());
        }
    }

    @Test
    void shouldReadAnEmptyObjectAsNothing() throws IOException {
        for (Compression compression : Compression.values()) {
            Collector c = new Collector();
            ObjectScanner.Summary s = scan(spec(InputFormat.ION, compression, null, 1024), new byte[0], c);
            assertEquals(new ObjectScanner.Summary(0, 0, 0, 0, null), s, compression.name());
            assertNull(s.failure());
        }
    }
}
