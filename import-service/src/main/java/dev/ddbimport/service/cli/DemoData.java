package dev.ddbimport.service.cli;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * The demo's imports: the bundled book samples (the repository's {@code samples/books}, packed into
 * the jar) in all three formats, compressed with GZIP and ZSTD, one object with invalid records and
 * one with a duplicate key, each import with the outcome it must have.
 */
final class DemoData {

    static final String BUCKET = "ddbimport-demo";
    private static final String RESOURCES = "/dev/ddbimport/service/demo/books/";

    /** One S3 object: its key, its bytes as stored, and its uncompressed size. */
    record DemoObject(String key, byte[] bytes, long uncompressedBytes) {}

    /** What an import must end with for the demo to pass. */
    record Expected(String status, String failureCode, long processed, long imported, long errors, long tableItems) {}

    /** One import of the demo. */
    record DemoImport(
            String title,
            String table,
            String prefix,
            String inputFormat,
            String compression,
            List<DemoObject> objects,
            Expected expected) {

        long uncompressedBytes() {
            return objects.stream().mapToLong(DemoObject::uncompressedBytes).sum();
        }
    }

    private DemoData() {}

    static List<DemoImport> imports() {
        return List.of(
                new DemoImport(
                        "DynamoDB JSON, GZIP, with invalid records and a duplicate key",
                        "Books",
                        "json-gzip/",
                        "DYNAMODB_JSON",
                        "GZIP",
                        List.of(
                                object("json-gzip/books.json.gz", "books.json", Compression.GZIP),
                                object(
                                        "json-gzip/books-with-errors.json.gz",
                                        "books-with-errors.json",
                                        Compression.GZIP)),
                        // 5 items (one key twice) + 7 records of which 5 are invalid; DynamoDB's outcome for
                        // invalid records: FAILED with ItemValidationError, valid items imported
                        new Expected("FAILED", "ItemValidationError", 12, 7, 5, 6)),
                new DemoImport(
                        "CSV, uncompressed, with a header row, quotes and a multi-line field",
                        "BooksFromCsv",
                        "csv/",
                        "CSV",
                        "NONE",
                        List.of(object("csv/books.csv", "books.csv", Compression.NONE)),
                        new Expected("COMPLETED", null, 3, 3, 0, 3)),
                new DemoImport(
                        "Amazon Ion, ZSTD",
                        "BooksFromIon",
                        "ion-zstd/",
                        "ION",
                        "ZSTD",
                        List.of(object("ion-zstd/books.ion.zst", "books.ion", Compression.ZSTD)),
                        new Expected("COMPLETED", null, 3, 3, 0, 3)));
    }

    private enum Compression {
        NONE,
        GZIP,
        ZSTD
    }

    private static DemoObject object(String key, String resource, Compression compression) {
        byte[] plain = resource(resource);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (OutputStream z = switch (compression) {
                case NONE -> out;
                case GZIP -> new GZIPOutputStream(out);
                case ZSTD -> new ZstdOutputStream(out);
            }) {
                z.write(plain);
            }
            return new DemoObject(key, out.toByteArray(), plain.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] resource(String name) {
        try (InputStream in = DemoData.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("The demo's sample " + RESOURCES + name
                        + " is missing from the jar: rebuild it (mvn -pl import-service -am package)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
