package dev.ddbimport.bench;

import com.github.luben.zstd.ZstdOutputStream;
import dev.ddbimport.core.compress.Compression;
import dev.ddbimport.core.format.CsvItemWriter;
import dev.ddbimport.core.format.DynamoJsonItemWriter;
import dev.ddbimport.core.format.IonItemWriter;
import dev.ddbimport.core.item.AttrValue;
import dev.ddbimport.core.item.Item;
import dev.ddbimport.core.model.InputFormat;
import dev.ddbimport.core.validate.KeySchema;
import dev.ddbimport.core.validate.ScalarType;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Generates the benchmark inputs once (deterministically, fixed seed) and caches them under
 * {@code target/bench-data} (or {@code -Dddbimport.bench.dir}): one uncompressed file per format
 * and size, and its GZIP and ZSTD copies. About 1% of the records are invalid (missing partition
 * key), as real data has a few bad lines.
 */
final class BenchData {

    static final KeySchema KEYS = KeySchema.of(
            new KeySchema.KeyAttribute("pk", ScalarType.S), new KeySchema.KeyAttribute("sk", ScalarType.N));
    static final List<String> CSV_COLUMNS =
            List.of("pk", "sk", "name", "email", "score", "active", "city", "description");

    /** A generated input and what it holds. */
    record Input(Path file, long uncompressedBytes, long records) {}

    private BenchData() {}

    static Path dir() {
        return Path.of(System.getProperty("ddbimport.bench.dir", "target/bench-data"));
    }

    static Input ensure(InputFormat format, Compression compression, int sizeMb) throws IOException {
        Path dir = dir();
        Files.createDirectories(dir);
        String base = format.name().toLowerCase() + "-" + sizeMb + "mb";
        Path plain = dir.resolve(base + ".data");
        Path meta = dir.resolve(base + ".properties");
        if (!Files.exists(meta)) {
            long records = write(format, (long) sizeMb << 20, plain);
            Properties p = new Properties();
            p.setProperty("records", Long.toString(records));
            p.setProperty("bytes", Long.toString(Files.size(plain)));
            try (OutputStream out = Files.newOutputStream(meta)) {
                p.store(out, "generated benchmark input");
            }
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(meta)) {
            p.load(in);
        }
        Path file = switch (compression) {
            case NONE -> plain;
            case GZIP -> compressed(plain, dir.resolve(base + ".gz"), compression);
            case ZSTD -> compressed(plain, dir.resolve(base + ".zst"), compression);
        };
        return new Input(file, Long.parseLong(p.getProperty("bytes")), Long.parseLong(p.getProperty("records")));
    }

    private static Path compressed(Path plain, Path target, Compression compression) throws IOException {
        if (Files.exists(target)) {
            return target;
        }
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (InputStream in = Files.newInputStream(plain);
                OutputStream raw = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
                OutputStream out = compression == Compression.GZIP
                        ? new GZIPOutputStream(raw, 1 << 16)
                        : new ZstdOutputStream(raw, 3)) {
            in.transferTo(out);
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    private static long write(InputFormat format, long targetBytes, Path file) throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        long records = 0;
        long written = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
            if (format == InputFormat.CSV) {
                byte[] header = CsvItemWriter.header(CSV_COLUMNS, ',');
                out.write(header);
                out.write('\n');
                written += header.length + 1;
            }
            while (written < targetBytes) {
                byte[] line = line(format, item(format, random, records));
                out.write(line);
                out.write('\n');
                written += line.length + 1;
                records++;
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        return records;
    }

    private static byte[] line(InputFormat format, Item item) {
        return switch (format) {
            case CSV -> CsvItemWriter.row(item, CSV_COLUMNS, ',');
            case DYNAMODB_JSON -> DynamoJsonItemWriter.line(item);
            case ION -> IonItemWriter.line(item);
        };
    }

    private static final String[] WORDS = {
        "alpha",
        "bravo",
        "charlie",
        "delta",
        "echo",
        "foxtrot",
        "golf",
        "hotel",
        "india",
        "juliett",
        "kilo",
        "lima",
        "mike",
        "november",
        "oscar",
        "papa",
        "québec",
        "romeo",
        "sierra",
        "tango",
        "uniform",
        "victor",
        "whiskey",
        "x-ray",
        "yankee",
        "zulu",
        "Zürich",
        "東京",
        "São Paulo",
        "Kraków"
    };

    static Item item(InputFormat format, SplittableRandom random, long n) {
        Map<String, AttrValue> a = new LinkedHashMap<>();
        if (random.nextInt(100) != 0) {
            a.put("pk", new AttrValue.S("user#" + Long.toHexString(random.nextLong() & 0xffffffffffL)));
        }
        a.put("sk", new AttrValue.N(Long.toString(n)));
        a.put("name", new AttrValue.S(words(random, 3)));
        a.put("email", new AttrValue.S(WORDS[random.nextInt(26)] + n + "@example.com"));
        a.put("score", new AttrValue.N(random.nextInt(100_000) + "." + random.nextInt(100)));
        if (format == InputFormat.CSV) {
            a.put("active", new AttrValue.S(random.nextBoolean() ? "true" : "false"));
            a.put("city", new AttrValue.S(WORDS[random.nextInt(WORDS.length)]));
            a.put("description", new AttrValue.S("\"" + words(random, 8) + "\", " + words(random, 4)));
            return new Item(a);
        }
        a.put("active", AttrValue.Bool.of(random.nextBoolean()));
        a.put("tags", new AttrValue.SS(List.of(WORDS[random.nextInt(10)], WORDS[10 + random.nextInt(10)])));
        Map<String, AttrValue> address = new LinkedHashMap<>();
        address.put("street", new AttrValue.S(random.nextInt(999) + " " + words(random, 2) + " street"));
        address.put("city", new AttrValue.S(WORDS[random.nextInt(WORDS.length)]));
        address.put("zip", new AttrValue.S(Integer.toString(10_000 + random.nextInt(89_999))));
        a.put("address", new AttrValue.M(address));
        a.put(
                "history",
                new AttrValue.L(List.of(
                        new AttrValue.N(Integer.toString(random.nextInt(1000))),
                        new AttrValue.N(Integer.toString(random.nextInt(1000))),
                        new AttrValue.N(Integer.toString(random.nextInt(1000))))));
        byte[] blob = new byte[16];
        for (int i = 0; i < blob.length; i++) {
            blob[i] = (byte) random.nextInt(256);
        }
        a.put("token", new AttrValue.B(blob));
        a.put("missing", AttrValue.Null.INSTANCE);
        a.put("description", new AttrValue.S(words(random, 8)));
        return new Item(a);
    }

    private static String words(SplittableRandom random, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(WORDS[random.nextInt(WORDS.length)]);
        }
        return sb.toString();
    }
}
