package dev.ddbimport.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbimport.core.chunk.ChunkHeaders;
import dev.ddbimport.core.error.ErrorCode;
import dev.ddbimport.core.error.ErrorRecord;
import dev.ddbimport.core.error.Stage;
import dev.ddbimport.core.model.InputFormat;
import dev.ddbimport.core.model.ModelJson;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** Records Kafka Streams' handlers dead-letter are error record JSON with a string key and the context headers. */
class JsonDeadLetterHandlerTest {

    private static final String REPARTITION_TOPIC =
            ImportTopology.repartitionTopic(TransformProperties.applicationId(TopologyFixture.IMPORT_ID));

    /** Stands for a bug: throws while the splitter finishes a chunk of three records. */
    private static final TransformListener FAILS_ON_THREE_RECORDS = new TransformListener() {
        @Override
        public void onRecords(long n) {
            if (n == 3) {
                throw new IllegalStateException("boom on a chunk of three records");
            }
        }
    };

    private static String line(int id) {
        return "{\"Item\":{\"Id\":{\"N\":\"" + id + "\"},\"Author\":{\"S\":\"A\"}}}\n";
    }

    @Test
    void shouldDeadLetterAChunkThatFailsAsJsonWithItsPointerAndGoOn() {
        TransformSettings settings = TransformSettings.defaults()
                .withCountersInterval(TopologyFixture.INTERVAL)
                .withListener(FAILS_ON_THREE_RECORDS);
        try (TopologyFixture t = new TopologyFixture(TopologyFixture.books(InputFormat.DYNAMODB_JSON), settings)) {
            t.sendObject("books/a.json", line(1) + line(2));
            t.sendObject("books/b.json", line(3) + line(4) + line(5));
            t.sendObject("books/c.json", line(6) + line(7));

            Set<String> keys =
                    t.readItems().stream().map(TopologyFixture.OutItem::key).collect(Collectors.toSet());
            for (int id : new int[] {1, 2, 6, 7}) {
                assertTrue(keys.contains("[{\"N\":\"" + id + "\"}]"), "item " + id + " of a valid chunk: " + keys);
            }
            List<TestRecord<byte[], byte[]>> dead = t.errors.readRecordsToList();
            assertEquals(1, dead.size());
            TestRecord<byte[], byte[]> letter = dead.get(0);

            assertEquals("books/b.json", TopologyFixture.text(letter.key()));
            ErrorRecord e = ModelJson.read(letter.value(), ErrorRecord.class);
            assertEquals(TopologyFixture.BUCKET, e.itemS3Pointer().bucket());
            assertEquals("books/b.json", e.itemS3Pointer().key());
            assertEquals(0, e.itemS3Pointer().itemIndex());
            assertEquals(0L, e.offset());
            assertEquals(TopologyFixture.ARN, e.importArn());
            assertEquals(ErrorCode.INVALID_CHUNK, e.errorCode());
            assertEquals(Stage.FRAME, e.stage());
            assertTrue(
                    e.errorMessages().get(0).contains("boom on a chunk of three records"),
                    e.errorMessages().toString());
            assertTrue(
                    e.errorMessages().get(0).contains(t.topics.chunks() + "-0@1"),
                    e.errorMessages().toString());
            assertEquals(line(3).strip(), e.rawRecord());
            assertFalse(e.rawRecordTruncated());

            Headers h = letter.headers();
            assertEquals("java.lang.IllegalStateException", header(h, StreamsDeadLetter.EXCEPTION_HEADER));
            assertEquals("boom on a chunk of three records", header(h, StreamsDeadLetter.MESSAGE_HEADER));
            assertTrue(header(h, StreamsDeadLetter.STACKTRACE_HEADER).contains("JsonDeadLetterHandlerTest"));
            assertEquals(t.topics.chunks(), header(h, StreamsDeadLetter.TOPIC_HEADER));
            assertEquals("0", header(h, StreamsDeadLetter.PARTITION_HEADER));
            assertEquals("1", header(h, StreamsDeadLetter.OFFSET_HEADER));
            // the chunk's own headers are kept
            assertEquals("books/b.json", header(h, ChunkHeaders.OBJECT_KEY));
            assertEquals(TopologyFixture.BUCKET, header(h, ChunkHeaders.BUCKET));
        }
    }

    @Test
    void shouldDeadLetterARepartitionRecordThatIsNoBatchUnderItsKafkaPosition() {
        try (TopologyFixture t = new TopologyFixture(TopologyFixture.books(InputFormat.DYNAMODB_JSON))) {
            TestInputTopic<byte[], byte[]> repartition =
                    t.driver.createInputTopic(REPARTITION_TOPIC, new ByteArraySerializer(), new ByteArraySerializer());
            repartition.pipeInput(
                    new TestRecord<>(TopologyFixture.utf8("k"), TopologyFixture.utf8("v"), new RecordHeaders()));

            TestRecord<byte[], byte[]> letter = t.errors.readRecord();
            assertEquals(REPARTITION_TOPIC + "-0@0", TopologyFixture.text(letter.key()));
            ErrorRecord e = ModelJson.read(letter.value(), ErrorRecord.class);
            assertNull(e.itemS3Pointer().key());
            assertEquals(-1, e.itemS3Pointer().itemIndex());
            assertEquals(ErrorCode.INVALID_CHUNK, e.errorCode());
            assertEquals("v", e.rawRecord());
            assertEquals(REPARTITION_TOPIC, header(letter.headers(), StreamsDeadLetter.TOPIC_HEADER));
            assertTrue(t.errors.isEmpty());
        }
    }

    @Test
    void shouldRetryARetriableProductionErrorAndFailOtherwiseWithAJsonDeadLetter() {
        JsonDeadLetterHandler handler = configured();
        ProducerRecord<byte[], byte[]> item = new ProducerRecord<>("ddbimport.x.items", new byte[] {1}, new byte[] {2});

        ProductionExceptionHandler.Response retriable =
                handler.handleError(context(null), item, new NotEnoughReplicasException("later"));
        ProductionExceptionHandler.Response fatal =
                handler.handleError(context(null), item, new RecordTooLargeException("too large"));

        assertEquals(ProductionExceptionHandler.Result.RETRY, retriable.result());
        assertEquals(ProductionExceptionHandler.Result.FAIL, fatal.result());
        ProducerRecord<byte[], byte[]> letter = fatal.deadLetterQueueRecords().get(0);
        assertEquals("ddbimport.x.errors", letter.topic());
        assertEquals("books/a.json", TopologyFixture.text(letter.key()));
        ErrorRecord e = ModelJson.read(letter.value(), ErrorRecord.class);
        assertEquals("books/a.json", e.itemS3Pointer().key());
        assertEquals(7, e.itemS3Pointer().itemIndex());
        assertEquals("arn:x", e.importArn());
        assertEquals(
                "org.apache.kafka.common.errors.RecordTooLargeException",
                header(letter.headers(), StreamsDeadLetter.EXCEPTION_HEADER));
    }

    @Test
    void shouldDeadLetterARecordThatCannotBeDeserializedAndGoOn() {
        JsonDeadLetterHandler handler = configured();
        ConsumerRecord<byte[], byte[]> chunk =
                new ConsumerRecord<>("ddbimport.x.chunks", 0, 3L, TopologyFixture.utf8("books/a.json"), new byte[] {9});

        DeserializationExceptionHandler.Response r =
                handler.handleError(context(new byte[] {9}), chunk, new SerializationException("bad bytes"));

        assertEquals(DeserializationExceptionHandler.Result.RESUME, r.result());
        ErrorRecord e = ModelJson.read(r.deadLetterQueueRecords().get(0).value(), ErrorRecord.class);
        assertEquals(ErrorCode.INVALID_CHUNK, e.errorCode());
        assertTrue(
                e.errorMessages().get(0).contains("ddbimport.x.chunks-0@3"),
                e.errorMessages().toString());
    }

    private static JsonDeadLetterHandler configured() {
        JsonDeadLetterHandler handler = new JsonDeadLetterHandler();
        handler.configure(Map.of(
                "errors.dead.letter.queue.topic.name",
                "ddbimport.x.errors",
                JsonDeadLetterHandler.IMPORT_ARN_CONFIG,
                "arn:x",
                JsonDeadLetterHandler.RAW_MAX_BYTES_CONFIG,
                "100"));
        return handler;
    }

    /** The context of a chunk of books/a.json at ddbimport.x.chunks-0@3 whose first record is #7. */
    private static ErrorHandlerContext context(byte[] rawValue) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(ChunkHeaders.OBJECT_KEY, TopologyFixture.utf8("books/a.json"));
        headers.add(ChunkHeaders.BUCKET, TopologyFixture.utf8("b"));
        headers.add(ChunkHeaders.FIRST_ITEM_INDEX, TopologyFixture.utf8("7"));
        return new ErrorHandlerContext() {
            @Override
            public String topic() {
                return "ddbimport.x.chunks";
            }

            @Override
            public int partition() {
                return 0;
            }

            @Override
            public long offset() {
                return 3;
            }

            @Override
            public Headers headers() {
                return headers;
            }

            @Override
            public String processorNodeId() {
                return null;
            }

            @Override
            public TaskId taskId() {
                return new TaskId(0, 0);
            }

            @Override
            public long timestamp() {
                return 0;
            }

            @Override
            public byte[] sourceRawKey() {
                return TopologyFixture.utf8("books/a.json");
            }

            @Override
            public byte[] sourceRawValue() {
                return rawValue;
            }
        };
    }

    @Test
    void shouldRefuseToRunWithoutAnErrorsTopic() {
        JsonDeadLetterHandler handler = new JsonDeadLetterHandler();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> handler.configure(Map.of()));
        assertTrue(e.getMessage().contains("errors.dead.letter.queue.topic.name"), e.getMessage());
    }

    private static String header(Headers headers, String name) {
        return headers.lastHeader(name) == null
                ? null
                : TopologyFixture.text(headers.lastHeader(name).value());
    }
}
