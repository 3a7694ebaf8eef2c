package dev.ddbimport.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbimport.core.chunk.ChunkHeaders;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One 200 MB object through broker, worker and S3 server sharing a small heap (failsafe runs this class
 * in its own JVM with {@code -Xmx384m}): it only completes if the task streams the object instead of
 * holding it.
 */
class LargeObjectSmallHeapIT {

    private static final long OBJECT_BYTES = 200L * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void shouldStreamA200MbObjectWithinASmallHeap() throws Exception {
        long maxHeap = Runtime.getRuntime().maxMemory();
        assertTrue(maxHeap <= 400L * 1024 * 1024, "this test needs a small heap, got " + maxHeap);
        Path file = dir.resolve("big.json");
        long records = writeLines(file);
        Files.createDirectories(dir.resolve("s3"));

        try (ImportCluster cluster = ImportCluster.start(dir.resolve("s3"))) {
            String id = "big";
            cluster.s3.createBucket(id);
            cluster.s3.put(id, "big.json", file);
            Files.delete(file);
            cluster.connect.kafka().createTopic(ImportCluster.topic(id), 1);
            Map<String, String> config = cluster.connectorConfig(id, id, "", "DYNAMODB_JSON", "NONE");
            config.put("chunk.bytes", String.valueOf(512 * 1024));
            cluster.connect.configureConnector(id, config);

            try (ChunkSink sink = cluster.sink(id, false)) {
                assertTrue(sink.pollUntil(s -> s.lastChunks >= 1, Duration.ofMinutes(4)), "did not complete");
                sink.drain(Duration.ofMinutes(1));
                assertEquals(List.of(), sink.problems);
                assertEquals(records, sink.records);
                assertEquals(Map.of("big.json", records), sink.nextIndex);
                List<ChunkSink.Received> chunks = sink.byObject.get("big.json");
                ChunkSink.Received last = chunks.get(chunks.size() - 1);
                assertEquals(String.valueOf(records), last.header(ChunkHeaders.OBJECT_RECORDS));
                assertEquals(String.valueOf(OBJECT_BYTES), last.header(ChunkHeaders.OBJECT_BYTES));
                assertTrue(chunks.size() >= 400, "chunks of at most 512 KiB: " + chunks.size());
            }
        }
    }

    /** Writes exactly {@link #OBJECT_BYTES} of DynamoDB JSON lines, streaming; returns the line count. */
    private static long writeLines(Path file) throws IOException {
        long written = 0;
        long lines = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            while (true) {
                byte[] line = ("{\"Item\":{\"pk\":{\"S\":\"key-" + lines + "\"},\"payload\":{\"S\":\"" + "x".repeat(40)
                                + "\"}}}\n")
                        .getBytes(StandardCharsets.UTF_8);
                if (written + line.length > OBJECT_BYTES) {
                    // pad the end with blank lines so the size is exact (blank lines are not records)
                    out.write("\n".repeat((int) (OBJECT_BYTES - written)).getBytes(StandardCharsets.UTF_8));
                    return lines;
                }
                out.write(line);
                written += line.length;
                lines++;
            }
        }
    }
}
