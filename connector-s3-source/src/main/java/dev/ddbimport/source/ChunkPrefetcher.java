package dev.ddbimport.source;

import dev.ddbimport.core.chunk.Chunk;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Reads a task's objects on its own thread into a bounded queue of chunks, so S3, decompression and
 * framing overlap with the worker sending and committing the previous batch (with exactly-once, the
 * commit blocks the task's thread). Memory: at most {@code capacity} chunks waiting.
 *
 * <p>A stream that breaks mid-object is reopened from the last chunk this reader produced (up to
 * {@link #MAX_REOPENS} times in a row); what S3 refuses ends the queue with the failure, which {@link
 * #take} throws on the task's thread.
 */
final class ChunkPrefetcher implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(ChunkPrefetcher.class);

    /** Reopens of one object after a broken stream before the task gives up. */
    static final int MAX_REOPENS = 5;

    /** A chunk of one object, or the end of the task's objects ({@code object == null}). */
    record Item(ListedObject object, Chunk chunk, RuntimeException failure) {
        boolean isEnd() {
            return object == null && failure == null;
        }
    }

    private final S3Client s3;
    private final S3ImportSourceConfig config;
    private final List<ListedObject> objects;
    private final Map<String, ObjectOffset> resumeAt;
    private final IoCounter counter;
    private final BlockingQueue<Item> queue;
    private volatile boolean stopped;
    private Thread thread;

    ChunkPrefetcher(
            S3Client s3,
            S3ImportSourceConfig config,
            List<ListedObject> objects,
            Map<String, ObjectOffset> resumeAt,
            IoCounter counter,
            int capacity) {
        this.s3 = s3;
        this.config = config;
        this.objects = objects;
        this.resumeAt = resumeAt;
        this.counter = counter;
        this.queue = new ArrayBlockingQueue<>(Math.max(2, capacity));
    }

    void start(String name) {
        thread = new Thread(this, name);
        thread.setDaemon(true);
        thread.start();
    }

    void stop() {
        stopped = true;
        if (thread != null) {
            thread.interrupt();
        }
    }

    /**
     * Up to {@code maxBytes} of chunks (at least one if any arrives within {@code waitMs}), in order.
     *
     * @throws RuntimeException the reader's failure, once every chunk before it was taken
     */
    List<Item> take(int maxBytes, long waitMs) throws InterruptedException {
        List<Item> items = new ArrayList<>();
        Item first = queue.poll(waitMs, TimeUnit.MILLISECONDS);
        int bytes = 0;
        for (Item item = first; item != null; item = queue.peek() == null ? null : queue.poll()) {
            if (item.failure() != null) {
                if (items.isEmpty()) {
                    throw item.failure();
                }
                // hand out what came before it first; the failure stays for the next take
                putBack(item);
                break;
            }
            if (item.isEnd()) {
                putBack(item); // stays, so every later take sees the end at once
                break;
            }
            items.add(item);
            bytes += item.chunk().value().length;
            if (bytes >= maxBytes) {
                break;
            }
        }
        return items;
    }

    /** True once every object's chunks were taken. */
    boolean finished() {
        Item head = queue.peek();
        return head != null && head.isEnd();
    }

    @Override
    public void run() {
        try {
            for (ListedObject object : objects) {
                ObjectOffset offset = resumeAt.getOrDefault(object.key(), ObjectOffset.START);
                if (!offset.done()) {
                    read(object, offset);
                }
                if (stopped) {
                    return;
                }
            }
            queue.put(new Item(null, null, null));
        } catch (InterruptedException e) {
            // stopped
        } catch (RuntimeException e) {
            if (!stopped) {
                offerFailure(e);
            }
        }
    }

    /** Reads one object from {@code offset}, reopening after broken streams. */
    private void read(ListedObject object, ObjectOffset offset) throws InterruptedException {
        ObjectOffset produced = offset;
        int reopens = 0;
        while (!stopped) {
            try (ObjectReader reader = ObjectReader.open(s3, config, object, produced, counter)) {
                Chunk chunk;
                while ((chunk = reader.next()) != null) {
                    queue.put(new Item(object, chunk, null));
                    produced =
                            new ObjectOffset(chunk.nextItemIndex(), chunk.bytesRead(), chunk.index() + 1, chunk.last());
                    reopens = 0;
                    if (chunk.last() || stopped) {
                        return;
                    }
                }
                return;
            } catch (IOException e) {
                if (stopped) {
                    return;
                }
                if (++reopens > MAX_REOPENS) {
                    throw new ConnectException(
                            "S3ReadFailed: reading s3://" + config.bucket() + "/" + object.key() + " broke " + reopens
                                    + " times in a row at itemIndex " + produced.itemIndex() + ": " + e
                                    + "; check the network to S3, then restart the task (it resumes from there)",
                            e);
                }
                log.warn(
                        "Reading {} broke at itemIndex {}; reopening: {}",
                        object.key(),
                        produced.itemIndex(),
                        e.toString());
            }
        }
    }

    /**
     * Returns a terminal item (end or failure) to the queue. It is always the last item the reader puts,
     * so the queue is empty now and it lands at the head.
     */
    private void putBack(Item item) {
        queue.offer(item);
    }

    private void offerFailure(RuntimeException e) {
        try {
            queue.put(new Item(null, null, e));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
