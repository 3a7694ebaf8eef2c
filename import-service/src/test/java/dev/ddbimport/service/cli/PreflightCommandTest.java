package dev.ddbimport.service.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreflightCommandTest {

    private static final Path SAMPLES = Path.of("..", "samples", "books");
    private static final String TABLE = "file://" + SAMPLES.resolve("table.json");

    @TempDir
    Path tmp;

    private static CliRun run(String... args) {
        List<String> all = new ArrayList<>(List.of("preflight", "--quiet"));
        all.addAll(Arrays.asList(args));
        return CliRun.run(all.toArray(String[]::new));
    }

    /** The arguments for checking {@code file} as {@code format} against the sample table, plus options. */
    private static String[] against(String format, String file, String... options) {
        List<String> all = new ArrayList<>(List.of("--input-format", format, "--table-creation-parameters", TABLE));
        all.addAll(Arrays.asList(options));
        all.add(file);
        return all.toArray(String[]::new);
    }

    private static CliRun json(String... args) {
        List<String> all = new ArrayList<>(List.of("--output", "json"));
        all.addAll(Arrays.asList(args));
        return run(all.toArray(String[]::new));
    }

    @Test
    void shouldReportCountsAndDuplicateKeysForCleanInput() {
        CliRun run = run(against("DYNAMODB_JSON", SAMPLES.resolve("books.json").toString()));
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().matches("(?s).*records\\s+5\\n.*"), run.out());
        assertTrue(run.out().matches("(?s).*distinct keys\\s+4\\n.*duplicate keys\\s+1\\n.*"), run.out());
        assertTrue(run.out().contains("OK: an import of these files would complete"), run.out());
    }

    @Test
    void shouldPrintErrorRecordsWithPointersAndKeepCountingValidItems() {
        CliRun run = json(against(
                "DYNAMODB_JSON", SAMPLES.resolve("books-with-errors.json").toString()));
        assertEquals(1, run.exit(), run.err());
        JsonNode report = run.json();
        assertEquals(7, report.get("ProcessedItemCount").asLong());
        assertEquals(2, report.get("ImportedItemCount").asLong());
        assertEquals(5, report.get("ErrorCount").asLong());
        JsonNode errors = report.get("Errors");
        assertEquals(5, errors.size());
        JsonNode first = errors.get(0);
        assertEquals(1, first.at("/itemS3Pointer/itemIndex").asLong());
        assertTrue(first.at("/itemS3Pointer/key").asText().endsWith("books-with-errors.json"));
        assertEquals(
                "One or more parameter values were invalid: Missing the key Id in the item",
                first.at("/errorMessages/0").asText());
        assertEquals("MISSING_KEY", first.get("errorCode").asText());
        assertEquals(
                List.of(
                        "MISSING_KEY",
                        "KEY_TYPE_MISMATCH",
                        "INDEX_KEY_TYPE_MISMATCH",
                        "JSON_SYNTAX",
                        "JSON_MISSING_ITEM"),
                errors.findValuesAsText("errorCode"));
        assertEquals(List.of("1", "2", "3", "4", "5"), errors.findValuesAsText("itemIndex"));
    }

    @Test
    void shouldCountTheSameUncompressedBytesForGzipAndZstdCopies() throws IOException {
        byte[] plain = Files.readAllBytes(SAMPLES.resolve("books.json"));
        Path gz = tmp.resolve("books.json.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(plain);
        }
        Path zst = tmp.resolve("books.json.zst");
        try (OutputStream out = new ZstdOutputStream(Files.newOutputStream(zst))) {
            out.write(plain);
        }
        JsonNode none = json(against(
                        "DYNAMODB_JSON", SAMPLES.resolve("books.json").toString()))
                .json();
        CliRun gzip = json(against("DYNAMODB_JSON", gz.toString(), "--input-compression-type", "GZIP"));
        CliRun zstd = json(against("DYNAMODB_JSON", zst.toString(), "--input-compression-type", "ZSTD"));
        assertEquals(0, gzip.exit(), gzip.err());
        assertEquals(0, zstd.exit(), zstd.err());
        assertEquals(plain.length, none.get("ProcessedSizeBytes").asLong());
        for (JsonNode compressed : List.of(gzip.json(), zstd.json())) {
            assertEquals(none.get("ProcessedSizeBytes"), compressed.get("ProcessedSizeBytes"));
            assertEquals(none.get("ImportedItemCount"), compressed.get("ImportedItemCount"));
            assertEquals(none.get("DistinctKeys"), compressed.get("DistinctKeys"));
        }
    }

    @Test
    void shouldReadEveryFormatOfTheSamples() {
        CliRun csv = json(against("CSV", SAMPLES.resolve("books.csv").toString()));
        CliRun ion = json(against("ION", SAMPLES.resolve("books.ion").toString()));
        assertEquals(0, csv.exit(), csv.out());
        assertEquals(0, ion.exit(), ion.out());
        assertEquals(3, csv.json().get("ImportedItemCount").asLong());
        assertEquals(3, ion.json().get("ImportedItemCount").asLong());
    }

    @Test
    void shouldUseHeaderListAndDelimiterOptions() throws IOException {
        Path file = tmp.resolve("data.csv");
        Files.writeString(file, "1;Title one;Ann\n2;\"Semi;colon\";Bob\n;no id;Cy\n", StandardCharsets.UTF_8);
        CliRun run = json(
                "--input-format",
                "CSV",
                "--csv-delimiter",
                ";",
                "--csv-header",
                "Id,Title,Author",
                "--table-creation-parameters",
                TABLE,
                file.toString());
        assertEquals(1, run.exit(), run.err());
        JsonNode report = run.json();
        assertEquals(3, report.get("ProcessedItemCount").asLong());
        assertEquals(2, report.get("ImportedItemCount").asLong());
        assertEquals(2, report.at("/Errors/0/itemS3Pointer/itemIndex").asLong());
        assertEquals("MISSING_KEY", report.at("/Errors/0/errorCode").asText());
    }

    @Test
    void shouldExpandDirectoriesInKeyOrder() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("prefix"));
        Files.writeString(dir.resolve("b.json"), "{\"Item\":{\"Id\":{\"N\":\"2\"}}}\n");
        Files.writeString(dir.resolve("a.json"), "{\"Item\":{\"Id\":{\"N\":\"1\"}}}\n{\"Item\":{}}\n");
        CliRun run = json(against("DYNAMODB_JSON", dir.toString()));
        assertEquals(1, run.exit());
        assertEquals(2, run.json().get("Files").asLong());
        assertTrue(run.json().at("/Errors/0/itemS3Pointer/key").asText().endsWith("a.json"));
    }

    @Test
    void shouldRejectAnInvalidRequestWithDynamoDbsValidationMessage() {
        CliRun badFormat = run(against("XML", SAMPLES.resolve("books.json").toString()));
        assertEquals(2, badFormat.exit());
        assertTrue(
                badFormat.err().contains("Value 'XML' at 'inputFormat' failed to satisfy constraint"), badFormat.err());

        CliRun csvWithJson = run(
                "--input-format",
                "DYNAMODB_JSON",
                "--csv-delimiter",
                ";",
                "--table-creation-parameters",
                TABLE,
                SAMPLES.resolve("books.json").toString());
        assertEquals(2, csvWithJson.exit());
        assertTrue(csvWithJson.err().contains("InputFormatOptions"), csvWithJson.err());

        CliRun badTable = run(
                "--input-format",
                "DYNAMODB_JSON",
                "--table-creation-parameters",
                "{\"TableName\":",
                SAMPLES.resolve("books.json").toString());
        assertEquals(2, badTable.exit());
        assertTrue(badTable.err().startsWith("Cannot read the request"), badTable.err());
    }

    @Test
    void shouldFailClearlyOnAMissingFile() {
        CliRun run = run(against("ION", tmp.resolve("nope.ion").toString()));
        assertEquals(3, run.exit());
        assertTrue(run.err().contains("nope.ion"), run.err());
    }

    @Test
    void shouldReportACorruptObjectAndStillCountTheOthers() throws IOException {
        Path good = tmp.resolve("a-good.json.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(good))) {
            out.write(Files.readAllBytes(SAMPLES.resolve("books.json")));
        }
        byte[] whole = Files.readAllBytes(good);
        Path truncated = tmp.resolve("b-truncated.json.gz");
        Files.write(truncated, Arrays.copyOf(whole, whole.length - 12));
        CliRun run = json(
                against("DYNAMODB_JSON", good.toString(), truncated.toString(), "--input-compression-type", "GZIP"));
        assertEquals(1, run.exit(), run.out());
        JsonNode report = run.json();
        assertEquals(1, report.get("FailedObjects").size());
        assertTrue(report.at("/FailedObjects/0").asText().contains("b-truncated.json.gz"));
        assertEquals(1, report.at("/ErrorsByCode/DECOMPRESSION_FAILED").asLong());
        assertTrue(report.get("ImportedItemCount").asLong() >= 5, "the good object's items are all counted");
    }

    @Test
    void shouldRefuseAnObjectDeclaredUncompressedThatIsGzip() throws IOException {
        Path gz = tmp.resolve("books.json.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Files.readAllBytes(SAMPLES.resolve("books.json")));
        }
        CliRun run = json(against("DYNAMODB_JSON", gz.toString()));
        assertEquals(1, run.exit());
        assertEquals(
                "COMPRESSION_MISMATCH", run.json().at("/Errors/0/errorCode").asText());
        assertTrue(run.json().at("/Errors/0/errorMessages/0").asText().contains("set InputCompressionType to GZIP"));
    }
}
