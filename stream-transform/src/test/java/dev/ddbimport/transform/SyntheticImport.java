package dev.ddbimport.transform;

import dev.ddbimport.core.chunk.Chunk;
import dev.ddbimport.core.chunk.ChunkHeaders;
import dev.ddbimport.core.chunk.ObjectChunker;
import dev.ddbimport.core.error.ErrorCode;
import dev.ddbimport.core.frame.RecordFramer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Generated DynamoDB JSON objects (key {@code pk}, type S) with duplicate keys within and across objects
 * and a share of invalid records, turned into chunk records exactly as the S3 source sends them
 * ({@link ObjectChunker}, the source's headers). The same seed gives the same data, so two runs can be
 * compared; {@link Expected} is what the transform must make of it, worked out here independently.
 *
 * @param seed drives every random choice
 * @param objects how many objects
 * @param recordsPerObject records (lines) per object
 * @param duplicatePercent share of valid records that reuse a key already used (in any earlier object)
 * @param invalidPerMille share of records that are invalid, per thousand
 * @param padBytes size of a filler attribute, to make items realistically sized
 */
record SyntheticImport(
        long seed, int objects, int recordsPerObject, int duplicatePercent, int invalidPerMille, int padBytes) {

    static final String BUCKET = "bucket";
    /** The codes the three kinds of invalid record must be dead-lettered with. */
    static final List<ErrorCode> INVALID_CODES =
            List.of(ErrorCode.JSON_SYNTAX, ErrorCode.MISSING_KEY, ErrorCode.KEY_TYPE_MISMATCH);

    /** Where a record came from; ordered as last-write-wins orders sequences (ASCII object keys). */
    record Pointer(String objectKey, long itemIndex) implements Comparable<Pointer> {
        @Override
        public int compareTo(Pointer o) {
            int c = objectKey.compareTo(o.objectKey);
            return c != 0 ? c : Long.compare(itemIndex, o.itemIndex);
        }
    }

    /** A record that must become a dead letter with {@code code}. */
    record Invalid(Pointer pointer, ErrorCode code) {}

    /**
     * What the transform must produce.
     *
     * @param winners per key, the pointer of the record that must win
     * @param invalid the dead letters, in generation order
     */
    record Expected(
            long records, long valid, long uncompressedBytes, Map<String, Pointer> winners, List<Invalid> invalid) {}

    static String objectKey(int object) {
        return String.format("data/part-%03d.json", object);
    }

    /** The object number of a chunk record's key ({@link #objectKey}). */
    static int objectIndex(byte[] recordKey) {
        String key = new String(recordKey, StandardCharsets.UTF_8);
        return Integer.parseInt(key.substring("data/part-".length(), key.length() - ".json".length()));
    }

    /**
     * Builds every object, packs it into chunks of at most {@code chunkBytes} and hands each chunk
     * record to {@code sink}, objects in order.
     */
    Expected write(String importId, String topic, int chunkBytes, Consumer<ProducerRecord<byte[], byte[]>> sink) {
        Random random = new Random(seed);
        Map<String, Pointer> winners = new HashMap<>();
        List<Invalid> invalid = new ArrayList<>();
        String pad = "p".repeat(padBytes);
        long nextKey = 0;
        long records = 0;
        long valid = 0;
        long bytes = 0;
        for (int o = 0; o < objects; o++) {
            String key = objectKey(o);
            ByteArrayOutputStream object = new ByteArrayOutputStream(recordsPerObject * (padBytes + 80));
            for (int i = 0; i < recordsPerObject; i++) {
                Pointer pointer = new Pointer(key, i);
                String line;
                if (random.nextInt(1000) < invalidPerMille) {
                    int kind = invalid.size() % INVALID_CODES.size();
                    line = switch (kind) {
                        case 0 -> "{\"Item\":{\"pk\":{\"S\":\"cut-" + i + "\"}";
                        case 1 -> "{\"Item\":{\"other\":{\"S\":\"" + i + "\"}}}";
                        default -> "{\"Item\":{\"pk\":{\"N\":\"" + i + "\"}}}";
                    };
                    invalid.add(new Invalid(pointer, INVALID_CODES.get(kind)));
                } else {
                    long k = nextKey > 0 && random.nextInt(100) < duplicatePercent
                            ? (long) (random.nextDouble() * nextKey)
                            : nextKey++;
                    String pk = "key-" + k;
                    line = "{\"Item\":{\"pk\":{\"S\":\"" + pk + "\"},\"from\":{\"S\":\"" + key + "#" + i
                            + "\"},\"n\":{\"N\":\"" + i + "\"},\"pad\":{\"S\":\"" + pad + "\"}}}";
                    winners.merge(pk, pointer, (a, b) -> a.compareTo(b) >= 0 ? a : b);
                    valid++;
                }
                byte[] b = (line + "\n").getBytes(StandardCharsets.UTF_8);
                object.writeBytes(b);
                records++;
            }
            bytes += object.size();
            chunk(importId, topic, key, object.toByteArray(), chunkBytes, sink);
        }
        return new Expected(records, valid, bytes, winners, invalid);
    }

    private static void chunk(
            String importId,
            String topic,
            String objectKey,
            byte[] object,
            int chunkBytes,
            Consumer<ProducerRecord<byte[], byte[]>> sink) {
        byte[] recordKey = objectKey.getBytes(StandardCharsets.UTF_8);
        try (ObjectChunker chunker =
                new ObjectChunker(RecordFramer.lines(new ByteArrayInputStream(object), 1 << 20), chunkBytes, 0, 0)) {
            Chunk c;
            while ((c = chunker.next()) != null) {
                RecordHeaders h = new RecordHeaders();
                header(h, ChunkHeaders.IMPORT_ID, importId);
                header(h, ChunkHeaders.BUCKET, BUCKET);
                header(h, ChunkHeaders.OBJECT_KEY, objectKey);
                header(h, ChunkHeaders.OBJECT_ETAG, "\"etag-" + objectKey.hashCode() + "\"");
                header(h, ChunkHeaders.CHUNK_INDEX, Integer.toString(c.index()));
                header(h, ChunkHeaders.FIRST_ITEM_INDEX, Long.toString(c.firstItemIndex()));
                header(h, ChunkHeaders.OFFSET, Long.toString(c.offset()));
                if (c.last()) {
                    header(h, ChunkHeaders.LAST_CHUNK, "true");
                    header(h, ChunkHeaders.OBJECT_RECORDS, Long.toString(c.nextItemIndex()));
                    header(h, ChunkHeaders.OBJECT_BYTES, Long.toString(c.bytesRead()));
                }
                sink.accept(new ProducerRecord<>(topic, null, recordKey, c.value(), h));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("chunking generated object " + objectKey, e);
        }
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
