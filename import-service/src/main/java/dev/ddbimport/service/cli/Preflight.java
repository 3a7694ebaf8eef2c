package dev.ddbimport.service.cli;

import dev.ddbimport.core.FormatSpec;
import dev.ddbimport.core.ObjectScanner;
import dev.ddbimport.core.error.ErrorCode;
import dev.ddbimport.core.error.ErrorRecord;
import dev.ddbimport.core.item.Item;
import dev.ddbimport.core.item.ItemCodec;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * Runs the import's format engine over local files, as the pipeline would run it over S3 objects,
 * and totals what an import would report — without importing anything.
 */
final class Preflight {

    /**
     * What a preflight run found.
     *
     * @param records framed records; {@code items + errors} is what an import reports as
     *     ProcessedItemCount
     * @param firstErrors the first errors, as the import's dead letters will look
     * @param failedObjects files that could not be read to the end, with why
     */
    record Report(
            long files,
            long records,
            long items,
            long errors,
            long uncompressedBytes,
            long distinctKeys,
            long duplicateKeys,
            Map<ErrorCode, Long> errorsByCode,
            List<ErrorRecord> firstErrors,
            List<String> failedObjects) {}

    private static final int RAW_BYTES_IN_ERRORS = 512;

    private final FormatSpec spec;
    private final int errorsToKeep;

    Preflight(FormatSpec spec, int errorsToKeep) {
        this.spec = spec;
        this.errorsToKeep = errorsToKeep;
    }

    /** Expands directories into their files (sorted as S3 would list their keys). */
    static List<Path> expand(List<Path> inputs) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                try (Stream<Path> walk = Files.walk(input)) {
                    walk.filter(Files::isRegularFile)
                            .sorted((a, b) -> a.toString().compareTo(b.toString()))
                            .forEach(files::add);
                }
            } else if (Files.isRegularFile(input)) {
                files.add(input);
            } else {
                throw new java.nio.file.NoSuchFileException(input.toString(), null, "no such file or directory");
            }
        }
        return files;
    }

    /**
     * Scans every file or object in order.
     *
     * @param bytesRead told the running total of (compressed) file bytes read, for a progress bar
     */
    Report run(List<PreflightInput> files, LongConsumer bytesRead) throws IOException {
        Totals totals = new Totals();
        ObjectScanner scanner = new ObjectScanner(spec);
        long[] readSoFar = {0};
        for (PreflightInput file : files) {
            String key = file.key();
            try (InputStream in = new CountingStream(file.open(), n -> {
                readSoFar[0] += n;
                bytesRead.accept(readSoFar[0]);
            })) {
                ObjectScanner.Summary summary = scanner.scan(in, totals.listenerFor(key));
                totals.records += summary.records();
                totals.uncompressedBytes += summary.uncompressedBytes();
                if (summary.failed()) {
                    totals.failedObjects.add(key + ": " + summary.failure());
                }
            }
        }
        return new Report(
                files.size(),
                totals.records,
                totals.items,
                totals.errors,
                totals.uncompressedBytes,
                totals.keys.count(),
                totals.items - totals.keys.count(),
                totals.errorsByCode,
                totals.firstErrors,
                totals.failedObjects);
    }

    private final class Totals {
        long records;
        long items;
        long errors;
        long uncompressedBytes;
        final DistinctKeyCounter keys = new DistinctKeyCounter();
        final Map<ErrorCode, Long> errorsByCode = new EnumMap<>(ErrorCode.class);
        final List<ErrorRecord> firstErrors = new ArrayList<>();
        final List<String> failedObjects = new ArrayList<>();

        ObjectScanner.Listener listenerFor(String key) {
            return new ObjectScanner.Listener() {
                @Override
                public void onItem(long itemIndex, int subIndex, long offset, Item item) {
                    items++;
                    keys.add(ItemCodec.keyBytes(item, spec.keys()));
                }

                @Override
                public void onError(long itemIndex, long offset, ErrorCode code, String message, byte[] raw) {
                    errors++;
                    errorsByCode.merge(code, 1L, Long::sum);
                    if (firstErrors.size() < errorsToKeep) {
                        firstErrors.add(ErrorRecord.of(
                                null, key, itemIndex, offset, null, code, message, raw, RAW_BYTES_IN_ERRORS));
                    }
                }
            };
        }
    }

    /** Reports bytes as they are read, for progress. */
    private static final class CountingStream extends FilterInputStream {
        private final LongConsumer onRead;

        CountingStream(InputStream in, LongConsumer onRead) {
            super(in);
            this.onRead = onRead;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                onRead.accept(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                onRead.accept(n);
            }
            return n;
        }
    }
}
