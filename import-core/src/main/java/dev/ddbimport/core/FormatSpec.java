package dev.ddbimport.core;

import dev.ddbimport.core.compress.Compression;
import dev.ddbimport.core.model.ImportDefinition;
import dev.ddbimport.core.model.InputFormat;
import dev.ddbimport.core.validate.KeySchema;
import java.util.List;
import java.util.Objects;

/**
 * Everything the format engine needs to turn one object's bytes into items: format, compression,
 * CSV options, the table's keys and the safety limits. Built from an {@link ImportDefinition}, or
 * directly (preflight, benchmarks).
 *
 * @param csvHeaderList the CSV column names, or null when each object starts with a header line
 * @param maxRecordBytes a record longer than this is one error, never a memory problem
 * @param maxUncompressedBytes decompressed bytes allowed per object (decompression-bomb guard)
 */
public record FormatSpec(
        InputFormat format,
        Compression compression,
        char csvDelimiter,
        List<String> csvHeaderList,
        KeySchema keys,
        int maxRecordBytes,
        long maxUncompressedBytes) {

    public static final int DEFAULT_MAX_RECORD_BYTES = Math.toIntExact(ImportDefinition.DEFAULT_MAX_RECORD_BYTES);
    public static final long DEFAULT_MAX_UNCOMPRESSED_BYTES =
            ImportDefinition.DEFAULT_MAX_UNCOMPRESSED_BYTES_PER_OBJECT;

    public FormatSpec {
        Objects.requireNonNull(format);
        Objects.requireNonNull(compression);
        Objects.requireNonNull(keys);
        csvHeaderList = csvHeaderList == null ? null : List.copyOf(csvHeaderList);
        if (maxRecordBytes <= 0 || maxUncompressedBytes <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    public static FormatSpec of(ImportDefinition definition) {
        return new FormatSpec(
                definition.inputFormat(),
                Compression.valueOf(definition.compression().name()),
                definition.csvDelimiter(),
                definition.csvHeaderList(),
                definition.keySchema(),
                Math.toIntExact(definition.maxRecordBytes()),
                definition.maxUncompressedBytesPerObject());
    }

    /** True when every object's first line is its CSV header. */
    public boolean csvHeaderLine() {
        return format == InputFormat.CSV && csvHeaderList == null;
    }
}
