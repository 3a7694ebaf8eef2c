package dev.ddbimport.bench;

import dev.ddbimport.core.FormatSpec;
import dev.ddbimport.core.RecordEncoder;
import dev.ddbimport.core.compress.Compression;
import dev.ddbimport.core.error.ErrorCode;
import dev.ddbimport.core.format.CsvItemParser;
import dev.ddbimport.core.frame.Frame;
import dev.ddbimport.core.frame.HeaderLine;
import dev.ddbimport.core.frame.RawRecord;
import dev.ddbimport.core.frame.RecordFramer;
import dev.ddbimport.core.model.InputFormat;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One pass over a whole generated input per operation, on one thread (one core).
 *
 * <ul>
 *   <li>{@code frame}: the baseline — decompress and frame into records, nothing else;
 *   <li>{@code pipeline}: the same, then parse, validate, and encode every valid item and its key
 *       with the item codec, through {@link RecordEncoder#create} as the pipeline's transform stage
 *       does (the fused encoders, which fall back to the reference for any record they are unsure
 *       of).
 * </ul>
 *
 * {@link BenchMain} turns the two times into MB/s, items/s and the ratio.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx2g", "-XX:+UseParallelGC"})
public class FormatBenchmark {

    @Param({"CSV", "DYNAMODB_JSON", "ION"})
    public String format;

    @Param({"NONE", "GZIP", "ZSTD"})
    public String compression;

    /** Uncompressed size of the generated input. */
    @Param({"1024"})
    public int sizeMb;

    private BenchData.Input input;
    private FormatSpec spec;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        InputFormat inputFormat = InputFormat.valueOf(format);
        Compression inputCompression = Compression.valueOf(compression);
        input = BenchData.ensure(inputFormat, inputCompression, sizeMb);
        spec = new FormatSpec(
                inputFormat,
                inputCompression,
                ',',
                null,
                BenchData.KEYS,
                FormatSpec.DEFAULT_MAX_RECORD_BYTES,
                FormatSpec.DEFAULT_MAX_UNCOMPRESSED_BYTES);
    }

    private RecordFramer open() throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(input.file()), 1 << 16);
        InputStream in = spec.compression().decompress(raw, spec.maxUncompressedBytes());
        return spec.format() == InputFormat.CSV
                ? RecordFramer.csv(in, spec.csvDelimiter(), spec.csvHeaderLine(), spec.maxRecordBytes())
                : RecordFramer.lines(in, spec.maxRecordBytes());
    }

    @Benchmark
    public long frame(Blackhole bh) throws IOException {
        long records = 0;
        try (RecordFramer framer = open()) {
            Frame frame;
            while ((frame = framer.next()) != null) {
                if (frame instanceof RawRecord r) {
                    bh.consume(r.bytes());
                    records++;
                }
            }
        }
        return records;
    }

    @Benchmark
    public long pipeline(Blackhole bh) throws IOException {
        ItemCounter out = new ItemCounter(bh);
        // CSV: the encoder is made from the header line, the object's first frame
        RecordEncoder encoder = spec.csvHeaderLine() ? null : RecordEncoder.create(spec, null);
        try (RecordFramer framer = open()) {
            Frame frame;
            while ((frame = framer.next()) != null) {
                if (frame instanceof RawRecord r) {
                    encoder.encode(r.bytes(), out);
                } else if (frame instanceof HeaderLine h) {
                    encoder = RecordEncoder.create(spec, CsvItemParser.parseHeader(h.bytes(), spec.csvDelimiter()));
                }
            }
        }
        return out.items;
    }

    /** Consumes every key, item record and rejection, and counts the items. */
    private static final class ItemCounter implements RecordEncoder.Output {
        private final Blackhole bh;
        long items;

        ItemCounter(Blackhole bh) {
            this.bh = bh;
        }

        @Override
        public void item(byte[] keyBytes, byte[] itemBytes) {
            bh.consume(keyBytes);
            bh.consume(itemBytes);
            items++;
        }

        @Override
        public void item(byte[] keyBytes, byte[] buf, int offset, int length) {
            bh.consume(keyBytes);
            bh.consume(buf[offset + length - 1]);
            items++;
        }

        @Override
        public void rejected(ErrorCode code, String message) {
            bh.consume(code);
            bh.consume(message);
        }
    }
}
