package dev.ddbimport.transform;

import dev.ddbimport.core.FormatSpec;
import dev.ddbimport.core.chunk.Chunk;
import dev.ddbimport.core.chunk.ChunkHeaders;
import dev.ddbimport.core.chunk.ObjectChunker;
import dev.ddbimport.core.error.ErrorRecord;
import dev.ddbimport.core.frame.RecordFramer;
import dev.ddbimport.core.item.Item;
import dev.ddbimport.core.item.ItemCodec;
import dev.ddbimport.core.model.ImportDefinition;
import dev.ddbimport.core.model.ImportTableRequest;
import dev.ddbimport.core.model.InputFormat;
import dev.ddbimport.core.model.ModelJson;
import dev.ddbimport.core.pipeline.ImportTopics;
import dev.ddbimport.core.pipeline.ItemRecordHeaders;
import dev.ddbimport.core.pipeline.StageCounters;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** One import's topology under {@link TopologyTestDriver}, with chunk builders and output readers. */
final class TopologyFixture implements AutoCloseable {

    static final String IMPORT_ID = "01700000000000-0a1b2c3d";
    static final String ARN = "arn:aws:dynamodb:us-east-1:111122223333:table/Books/import/" + IMPORT_ID;
    static final String BUCKET = "my-bucket";
    static final Duration INTERVAL = Duration.ofSeconds(1);

    /** An item that came out on the items topic. */
    record OutItem(String key, Item item, String objectKey, long itemIndex, int subIndex) {}

    final ImportDefinition definition;
    final ImportTopics topics = new ImportTopics(IMPORT_ID);
    final TopologyTestDriver driver;
    final TestInputTopic<byte[], byte[]> chunks;
    final TestOutputTopic<byte[], byte[]> items;
    final TestOutputTopic<byte[], byte[]> errors;
    final TestOutputTopic<byte[], byte[]> progress;
    private final Map<String, StageCounters> latestProgress = new LinkedHashMap<>();

    TopologyFixture(ImportDefinition definition) {
        this(definition, TransformSettings.defaults().withCountersInterval(INTERVAL));
    }

    TopologyFixture(ImportDefinition definition, TransformSettings settings) {
        this.definition = definition;
        Properties props = TransformProperties.forImport(definition, "unused:9092", Map.of());
        props.put(StreamsConfig.STATE_DIR_CONFIG, tempStateDir());
        // TopologyTestDriver gives every topic one partition; BatchPartitioner refuses a count it did not group for
        this.driver =
                new TopologyTestDriver(ImportTopology.build(definition, settings.withRepartitionPartitions(1)), props);
        ByteArraySerializer ser = new ByteArraySerializer();
        ByteArrayDeserializer de = new ByteArrayDeserializer();
        this.chunks = driver.createInputTopic(topics.chunks(), ser, ser);
        this.items = driver.createOutputTopic(topics.items(), de, de);
        this.errors = driver.createOutputTopic(topics.errors(), de, de);
        this.progress = driver.createOutputTopic(topics.progress(), de, de);
    }

    private static String tempStateDir() {
        try {
            Path dir = Files.createTempDirectory("lww-test");
            dir.toFile().deleteOnExit();
            return dir.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A definition for the books table (N key Id, GSI on S Author) in {@code format}. */
    static ImportDefinition books(InputFormat format, List<String> csvHeaderList) {
        String options = csvHeaderList == null
                ? ""
                : "\"InputFormatOptions\": {\"Csv\": {\"HeaderList\": ["
                        + String.join(
                                ",",
                                csvHeaderList.stream().map(h -> "\"" + h + "\"").toList())
                        + "]}},";
        String request = """
                {
                  "S3BucketSource": {"S3Bucket": "%s", "S3KeyPrefix": "books/"},
                  "InputFormat": "%s",
                  %s
                  "TableCreationParameters": {
                    "TableName": "Books",
                    "AttributeDefinitions": [
                      {"AttributeName": "Id", "AttributeType": "N"},
                      {"AttributeName": "Author", "AttributeType": "S"}
                    ],
                    "KeySchema": [{"AttributeName": "Id", "KeyType": "HASH"}],
                    "BillingMode": "PAY_PER_REQUEST",
                    "GlobalSecondaryIndexes": [{
                      "IndexName": "ByAuthor",
                      "KeySchema": [{"AttributeName": "Author", "KeyType": "HASH"}],
                      "Projection": {"ProjectionType": "ALL"}
                    }]
                  }
                }
                """.formatted(BUCKET, format.name(), options);
        return ImportDefinition.of(ModelJson.read(request, ImportTableRequest.class), ARN, IMPORT_ID);
    }

    static ImportDefinition books(InputFormat format) {
        return books(format, null);
    }

    /** The chunk records the S3 source would send for {@code object}, chunks of at most {@code chunkBytes}. */
    List<TestRecord<byte[], byte[]>> chunksOf(String objectKey, byte[] object, int chunkBytes) {
        FormatSpec spec = FormatSpec.of(definition);
        InputStream in = spec.compression().decompress(new ByteArrayInputStream(object), spec.maxUncompressedBytes());
        RecordFramer framer = spec.format() == InputFormat.CSV
                ? RecordFramer.csv(in, spec.csvDelimiter(), spec.csvHeaderLine(), spec.maxRecordBytes())
                : RecordFramer.lines(in, spec.maxRecordBytes());
        List<TestRecord<byte[], byte[]>> out = new ArrayList<>();
        try (ObjectChunker chunker = new ObjectChunker(framer, chunkBytes, 0, 0)) {
            Chunk c;
            while ((c = chunker.next()) != null) {
                out.add(new TestRecord<>(utf8(objectKey), c.value(), headersOf(objectKey, c)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    List<TestRecord<byte[], byte[]>> chunksOf(String objectKey, String object) {
        return chunksOf(objectKey, utf8(object), 1 << 20);
    }

    static Headers headersOf(String objectKey, Chunk c) {
        RecordHeaders h = new RecordHeaders();
        h.add(ChunkHeaders.IMPORT_ID, utf8(IMPORT_ID));
        h.add(ChunkHeaders.BUCKET, utf8(BUCKET));
        h.add(ChunkHeaders.OBJECT_KEY, utf8(objectKey));
        h.add(ChunkHeaders.OBJECT_ETAG, utf8("\"etag\""));
        h.add(ChunkHeaders.CHUNK_INDEX, utf8(Integer.toString(c.index())));
        h.add(ChunkHeaders.FIRST_ITEM_INDEX, utf8(Long.toString(c.firstItemIndex())));
        h.add(ChunkHeaders.OFFSET, utf8(Long.toString(c.offset())));
        if (c.csvHeader() != null) {
            h.add(ChunkHeaders.CSV_HEADER, c.csvHeader());
        }
        if (c.last()) {
            h.add(ChunkHeaders.LAST_CHUNK, utf8("true"));
            h.add(ChunkHeaders.OBJECT_RECORDS, utf8(Long.toString(c.nextItemIndex())));
            h.add(ChunkHeaders.OBJECT_BYTES, utf8(Long.toString(c.bytesRead())));
        }
        return h;
    }

    void send(List<TestRecord<byte[], byte[]>> records) {
        for (TestRecord<byte[], byte[]> r : records) {
            chunks.pipeInput(r);
        }
    }

    void sendObject(String objectKey, String object) {
        send(chunksOf(objectKey, object));
    }

    private byte[] lastItemKey;

    /** The key bytes of the last item read by {@link #readItems}. */
    byte[] lastItemKey() {
        return lastItemKey;
    }

    List<OutItem> readItems() {
        List<OutItem> out = new ArrayList<>();
        for (TestRecord<byte[], byte[]> r : items.readRecordsToList()) {
            lastItemKey = r.key();
            Headers h = r.headers();
            Header sub = h.lastHeader(ItemRecordHeaders.SUB_INDEX);
            out.add(new OutItem(
                    ItemCodec.keyText(r.key()),
                    ItemCodec.decode(r.value()),
                    text(h.lastHeader(ItemRecordHeaders.OBJECT_KEY).value()),
                    Long.parseLong(
                            text(h.lastHeader(ItemRecordHeaders.ITEM_INDEX).value())),
                    sub == null ? 0 : Integer.parseInt(text(sub.value()))));
        }
        return out;
    }

    List<ErrorRecord> readErrors() {
        List<ErrorRecord> out = new ArrayList<>();
        for (TestRecord<byte[], byte[]> r : errors.readRecordsToList()) {
            ErrorRecord e = ModelJson.read(r.value(), ErrorRecord.class);
            if (!e.itemS3Pointer().key().equals(text(r.key()))) {
                throw new AssertionError("error record key " + text(r.key()) + " is not its object key");
            }
            out.add(e);
        }
        return out;
    }

    /** Lets the counters interval pass and returns the latest snapshot per progress key. */
    Map<String, StageCounters> publishedCounters() {
        driver.advanceWallClockTime(INTERVAL);
        for (TestRecord<byte[], byte[]> r : progress.readRecordsToList()) {
            latestProgress.put(text(r.key()), StageCounters.fromJson(r.value()));
        }
        return latestProgress;
    }

    /** The import's totals as the control plane computes them. */
    StageCounters totals() {
        return StageCounters.sum(publishedCounters().values());
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        driver.close();
    }
}
