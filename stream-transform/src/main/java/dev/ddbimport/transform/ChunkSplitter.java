package dev.ddbimport.transform;

import dev.ddbimport.core.FormatSpec;
import dev.ddbimport.core.RecordEncoder;
import dev.ddbimport.core.chunk.ChunkCodec;
import dev.ddbimport.core.chunk.ChunkHeaders;
import dev.ddbimport.core.error.ErrorCode;
import dev.ddbimport.core.error.ErrorRecord;
import dev.ddbimport.core.format.CsvItemParser;
import dev.ddbimport.core.frame.Frame;
import dev.ddbimport.core.frame.FrameError;
import dev.ddbimport.core.frame.RawRecord;
import dev.ddbimport.core.model.ImportDefinition;
import dev.ddbimport.core.model.ModelJson;
import dev.ddbimport.core.pipeline.StageCounters;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The parse stage: decodes a chunk record and, per entry, collects each valid item (key bytes, item
 * record, source pointer) into the batch of its last-write-wins partition and forwards each rejection
 * or framing error as a dead letter; after the chunk, forwards one {@link ItemBatchCodec} record per
 * partition that got items; counts all of it in the task's stores, and publishes the counters.
 *
 * <p>Per object it remembers the first itemIndex not yet counted ({@link ObjectProgress}), so a chunk
 * delivered twice by an at-least-once source is neither forwarded nor counted twice. A value that is
 * not a chunk at all becomes an {@link ErrorCode#INVALID_CHUNK} dead letter that fails the import,
 * rather than an exception that would stop the task on every restart.
 */
final class ChunkSplitter implements Processor<byte[], byte[], byte[], byte[]> {

    // objects of one import rarely have many distinct CSV headers; bound the cache anyway
    private static final int MAX_CACHED_HEADERS = 64;
    /**
     * A batch is sent once it holds this much, so that with one more item (at most ~400 KB) it stays
     * under the 1 MiB default of the producer's max.request.size and the topic's max.message.bytes.
     */
    static final int MAX_BATCH_BYTES = 256 * 1024;

    private final FormatSpec spec;
    private final String importArn;
    private final String definitionBucket;
    private final TransformSettings settings;
    private final String itemsChild;
    private final String errorsChild;
    private final String progressChild;

    private final Map<ByteBuffer, HeaderEncoder> encodersByHeader = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteBuffer, HeaderEncoder> eldest) {
            return size() > MAX_CACHED_HEADERS;
        }
    };
    private final ChunkOutput output = new ChunkOutput();

    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<String, byte[]> objects;
    private CounterStore counters;
    private RecordEncoder fixedEncoder; // every format but CSV with a header line: one encoder
    private byte[] progressKey;

    /** An encoder for a CSV header, or why the header cannot be used. */
    private record HeaderEncoder(RecordEncoder encoder, String failure) {}

    ChunkSplitter(
            ImportDefinition definition,
            TransformSettings settings,
            String itemsChild,
            String errorsChild,
            String progressChild) {
        this.spec = FormatSpec.of(definition);
        this.importArn = definition.importArn();
        this.definitionBucket = definition.s3BucketSource().s3Bucket();
        this.settings = settings;
        this.itemsChild = itemsChild;
        this.errorsChild = errorsChild;
        this.progressChild = progressChild;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.objects = context.getStateStore(ImportTopology.OBJECT_PROGRESS_STORE);
        this.counters = new CounterStore(context.getStateStore(ImportTopology.PARSE_COUNTERS_STORE));
        this.fixedEncoder = spec.csvHeaderLine() ? null : RecordEncoder.create(spec, spec.csvHeaderList());
        this.progressKey = StageCounters.parseKey(context.taskId().partition()).getBytes(StandardCharsets.UTF_8);
        context.schedule(settings.countersInterval(), PunctuationType.WALL_CLOCK_TIME, this::publishIfChanged);
    }

    @Override
    public void process(Record<byte[], byte[]> chunk) {
        try {
            split(chunk);
        } finally {
            // what was forwarded before a failure is counted too: store and output commit together
            counters.flush();
        }
    }

    private void split(Record<byte[], byte[]> chunk) {
        Headers headers = chunk.headers();
        byte[] objectKeyBytes = objectKeyOf(chunk);
        String objectKey = new String(objectKeyBytes, StandardCharsets.UTF_8);
        String bucket = textHeader(headers, ChunkHeaders.BUCKET, definitionBucket);
        output.start(chunk, bucket, objectKey, objectKeyBytes);
        ObjectProgress before = ObjectProgress.decode(objects.get(objectKey));

        List<Frame> entries;
        try {
            entries = ChunkCodec.decode(chunk.value());
        } catch (IllegalArgumentException notAChunk) {
            rejectUnreadableChunk(chunk, before, notAChunk);
            return;
        }
        if (before.done()) {
            countReplays(entries.size());
            return;
        }

        ObjectState object = new ObjectState(before);
        RecordEncoder encoder = object.unreadable ? null : chooseEncoder(headers, entries, object);
        long records = 0;
        long replays = 0;
        for (Frame entry : entries) {
            long itemIndex = itemIndexOf(entry);
            if (itemIndex < object.next) {
                replays++;
                continue;
            }
            if (itemIndex > object.next) {
                reportMissing(object, itemIndex);
            }
            // a fatal error takes no index of its own, but nothing follows it: this only marks it seen
            object.next = itemIndex + 1;
            if (entry instanceof RawRecord record) {
                object.bytes = Math.max(object.bytes, record.offset() + record.bytes().length);
                if (encoder != null) {
                    records++;
                    output.record(record);
                    encoder.encode(record.bytes(), output);
                }
            } else {
                FrameError error = (FrameError) entry;
                object.bytes = Math.max(object.bytes, error.offset());
                if (error.fatal()) {
                    object.fatal = true;
                } else {
                    records++;
                    counters.add(CounterStore.PROCESSED_ITEM_COUNT, 1);
                }
                deadLetter(
                        error.itemIndex(), error.offset(), error.code(), error.message(), error.head(), error.fatal());
            }
        }
        output.forwardBatches();
        if (isLast(headers)) {
            long objectRecords = Decimal.parseOrMinusOne(rawHeader(headers, ChunkHeaders.OBJECT_RECORDS));
            if (objectRecords > object.next) {
                reportMissing(object, objectRecords);
                object.next = objectRecords;
            }
            object.bytes =
                    Math.max(object.bytes, Decimal.parseOrMinusOne(rawHeader(headers, ChunkHeaders.OBJECT_BYTES)));
            object.done = true;
            counters.add(CounterStore.OBJECTS_COMPLETED, 1);
        }
        counters.add(CounterStore.PROCESSED_SIZE_BYTES, object.bytes - before.bytes());
        counters.add(CounterStore.PROCESSED_ITEM_COUNT, output.outcomes);
        countReplays(replays);
        objects.put(objectKey, object.toProgress().encode());
        if (records > 0) {
            settings.listener().onRecords(records);
        }
    }

    /**
     * The encoder for the chunk's records, or null when they cannot be read: then the object's CSV
     * header is bad (one fatal dead letter, once per object) and its records are skipped.
     */
    private RecordEncoder chooseEncoder(Headers headers, List<Frame> entries, ObjectState object) {
        if (fixedEncoder != null) {
            return fixedEncoder;
        }
        byte[] line = rawHeader(headers, ChunkHeaders.CSV_HEADER);
        String failure;
        if (line != null) {
            HeaderEncoder chosen = encodersByHeader.computeIfAbsent(ByteBuffer.wrap(line), k -> newHeaderEncoder(line));
            if (chosen.encoder() != null) {
                return chosen.encoder();
            }
            failure = chosen.failure();
        } else if (hasRecords(entries)) {
            failure = "Invalid CSV header: the chunk has no " + ChunkHeaders.CSV_HEADER + " header, so its records"
                    + " cannot be read; the S3 source sends the object's header line with every chunk when no"
                    + " HeaderList is given";
        } else {
            return null; // nothing to read, nothing to decide yet
        }
        object.unreadable = true;
        object.fatal = true;
        deadLetter(0, 0, ErrorCode.CSV_INVALID_HEADER, failure, line, true);
        return null;
    }

    /** Records from {@code object.next} up to {@code upTo} (exclusive) never arrived: the object cannot be complete. */
    private void reportMissing(ObjectState object, long upTo) {
        if (object.fatal) {
            return; // the import fails already; one object-level error is enough
        }
        object.fatal = true;
        long first = object.next;
        String which = upTo - first == 1 ? "Record " + first : "Records " + first + " to " + (upTo - 1);
        deadLetter(
                first,
                object.bytes,
                ErrorCode.RECORDS_MISSING,
                which + " of the object never reached the"
                        + " transform: a chunk was lost (deleted by retention, or skipped by the processing exception"
                        + " handler; see the errors topic). Import the object again",
                null,
                true);
    }

    /** The value is not a chunk: one fatal dead letter, and the object counts as read if the chunk was its last. */
    private void rejectUnreadableChunk(
            Record<byte[], byte[]> chunk, ObjectProgress before, IllegalArgumentException why) {
        Headers headers = chunk.headers();
        long firstItemIndex = positionHeader(headers, ChunkHeaders.FIRST_ITEM_INDEX);
        long offset = positionHeader(headers, ChunkHeaders.OFFSET);
        String message = "Chunk " + textHeader(headers, ChunkHeaders.CHUNK_INDEX, "?") + " of the object is not a"
                + " chunk record (" + why.getMessage() + "): its records are lost to this import; only the ddbimport"
                + " S3 source may write to the chunks topic. Import the object again";
        deadLetter(firstItemIndex, offset, ErrorCode.INVALID_CHUNK, message, chunk.value(), true);
        ObjectState object = new ObjectState(before);
        object.fatal = true;
        if (isLast(headers) && !before.done()) {
            object.bytes =
                    Math.max(before.bytes(), Decimal.parseOrMinusOne(rawHeader(headers, ChunkHeaders.OBJECT_BYTES)));
            object.done = true;
            counters.add(CounterStore.PROCESSED_SIZE_BYTES, object.bytes - before.bytes());
            counters.add(CounterStore.OBJECTS_COMPLETED, 1);
        }
        objects.put(output.objectKey, object.toProgress().encode());
    }

    private void countReplays(long n) {
        if (n > 0) {
            counters.add(CounterStore.REPLAYS_DROPPED, n);
            for (long i = 0; i < n; i++) {
                settings.listener().onReplay();
            }
        }
    }

    private static boolean hasRecords(List<Frame> entries) {
        for (Frame f : entries) {
            if (f instanceof RawRecord) {
                return true;
            }
        }
        return false;
    }

    private static long itemIndexOf(Frame entry) {
        return entry instanceof RawRecord r ? r.itemIndex() : ((FrameError) entry).itemIndex();
    }

    private HeaderEncoder newHeaderEncoder(byte[] line) {
        try {
            List<String> names = CsvItemParser.parseHeader(line, spec.csvDelimiter());
            return new HeaderEncoder(RecordEncoder.create(spec, names), null);
        } catch (IllegalArgumentException e) {
            return new HeaderEncoder(null, e.getMessage());
        }
    }

    private void deadLetter(long itemIndex, long offset, ErrorCode code, String message, byte[] raw, boolean fatal) {
        ErrorRecord error = ErrorRecord.of(
                output.bucket,
                output.objectKey,
                itemIndex,
                offset,
                importArn,
                code,
                message,
                raw,
                settings.maxRawRecordBytes());
        byte[] json = ModelJson.write(error).getBytes(StandardCharsets.UTF_8);
        context.forward(new Record<>(output.objectKeyBytes, json, output.timestamp), errorsChild);
        counters.addError(code, fatal);
        settings.listener().onError(code);
    }

    private void publishIfChanged(long now) {
        if (counters.changedSincePublished()) {
            context.forward(new Record<>(progressKey, snapshot().toJson(), now), progressChild);
            counters.markPublished();
        }
    }

    private StageCounters snapshot() {
        return new StageCounters(
                counters.get(CounterStore.PROCESSED_SIZE_BYTES),
                counters.get(CounterStore.PROCESSED_ITEM_COUNT),
                counters.get(CounterStore.ERROR_COUNT),
                counters.errorsByCode(),
                counters.get(CounterStore.FATAL_ERROR_COUNT),
                counters.get(CounterStore.OBJECTS_COMPLETED),
                0,
                0,
                0,
                counters.get(CounterStore.REPLAYS_DROPPED));
    }

    private static byte[] objectKeyOf(Record<byte[], byte[]> chunk) {
        if (chunk.key() != null) {
            return chunk.key();
        }
        byte[] fromHeader = rawHeader(chunk.headers(), ChunkHeaders.OBJECT_KEY);
        return fromHeader == null ? new byte[0] : fromHeader;
    }

    private static boolean isLast(Headers headers) {
        return "true".equals(textHeader(headers, ChunkHeaders.LAST_CHUNK, null));
    }

    /** The chunk header {@code name}'s bytes, null when the record has none (also for {@link StreamsDeadLetter}). */
    static byte[] rawHeader(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null ? null : h.value();
    }

    /** The chunk header {@code name} as a position in its object (an index, an offset); 0 when absent or unreadable. */
    static long positionHeader(Headers headers, String name) {
        return Math.max(0, Decimal.parseOrMinusOne(rawHeader(headers, name)));
    }

    /** The chunk header {@code name} as UTF-8 text, {@code absent} when the record has none. */
    static String textHeader(Headers headers, String name, String absent) {
        byte[] v = rawHeader(headers, name);
        return v == null ? absent : new String(v, StandardCharsets.UTF_8);
    }

    /** The chunk being split and where its records' outcomes go; one instance, reused for every chunk. */
    private final class ChunkOutput implements RecordEncoder.Output {
        private long timestamp = -1;
        private byte[] bucketBytes;
        private String bucket;
        private String objectKey;
        private byte[] objectKeyBytes;
        private RawRecord record;
        private int subIndex;
        long outcomes;
        // one batch per repartition partition, filled while the chunk is split
        private ItemBatchCodec.Writer[] batches;

        void start(Record<byte[], byte[]> chunk, String bucket, String objectKey, byte[] objectKeyBytes) {
            this.timestamp = chunk.timestamp();
            this.bucket = bucket;
            this.bucketBytes = bucket.getBytes(StandardCharsets.UTF_8);
            this.objectKey = objectKey;
            this.objectKeyBytes = objectKeyBytes;
            this.outcomes = 0;
            if (batches == null) {
                batches = new ItemBatchCodec.Writer[settings.repartitionPartitions()];
            }
            for (int p = 0; p < batches.length; p++) {
                if (batches[p] == null) {
                    batches[p] = new ItemBatchCodec.Writer();
                }
                batches[p].start(bucketBytes, objectKeyBytes);
            }
        }

        /** One record per partition that got items of this chunk (more when a batch filled up). */
        void forwardBatches() {
            for (int p = 0; p < batches.length; p++) {
                if (batches[p].count() > 0) {
                    forwardBatch(p);
                }
            }
        }

        private void forwardBatch(int p) {
            byte[] value = batches[p].finish();
            context.forward(new Record<>(BatchPartitioner.key(p), value, timestamp), itemsChild);
            batches[p].start(bucketBytes, objectKeyBytes);
        }

        void record(RawRecord r) {
            this.record = r;
            this.subIndex = 0;
        }

        @Override
        public void item(byte[] keyBytes, byte[] itemBytes) {
            item(keyBytes, itemBytes, 0, itemBytes.length);
        }

        @Override
        public void item(byte[] keyBytes, byte[] buf, int offset, int length) {
            // straight from the encoder's buffer into the batch: no array per item
            int p = ItemBatchCodec.partition(keyBytes, batches.length);
            batches[p].add(keyBytes, buf, offset, length, record.itemIndex(), subIndex);
            subIndex++;
            outcomes++;
            if (batches[p].size() >= MAX_BATCH_BYTES) {
                forwardBatch(p);
            }
        }

        @Override
        public void rejected(ErrorCode code, String message) {
            subIndex++;
            outcomes++;
            deadLetter(record.itemIndex(), record.offset(), code, message, record.bytes(), false);
        }
    }

    /** One object's {@link ObjectProgress} while a chunk of it is being read. */
    private static final class ObjectState {
        long next;
        long bytes;
        boolean unreadable;
        boolean fatal;
        boolean done;

        ObjectState(ObjectProgress p) {
            next = p.nextItemIndex();
            bytes = p.bytes();
            unreadable = p.unreadable();
            fatal = p.fatal();
            done = p.done();
        }

        ObjectProgress toProgress() {
            return new ObjectProgress(next, bytes, unreadable, fatal, done);
        }
    }
}
