package dev.ddbimport.sink;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * A hand-written DynamoDB that answers BatchWriteItem from a script: each call takes the next {@link
 * Step} (then {@link #otherwise}). It keeps the table (by the {@code pk} attribute) and every write in
 * order, and checks the writer's promises as requests arrive: at most 25 items, no key twice in a
 * request, no key in two requests in flight at once.
 *
 * <p>Answers complete at once, or, with {@link #holdAnswers}, when the test releases them in an order
 * it picks, which is how the tests get many requests in flight and answers out of order.
 */
final class FakeDynamoDb implements DynamoDbAsyncClient {

    /** One scripted answer. */
    interface Step {
        CompletableFuture<BatchWriteItemResponse> answer(FakeDynamoDb db, List<WriteRequest> items);
    }

    static final String TABLE = "items";

    private final ArrayDeque<Step> script = new ArrayDeque<>();
    Step otherwise = writeAll();
    final List<BatchWriteItemRequest> requests = new ArrayList<>();
    /** pk -> item, the table's content. */
    final Map<String, Map<String, AttributeValue>> table = new HashMap<>();
    /** Every item written, in order. */
    final List<Map<String, AttributeValue>> writes = new ArrayList<>();

    final List<String> violations = new ArrayList<>();
    private final Set<String> keysInFlight = new HashSet<>();
    private boolean hold;
    private final List<Runnable> held = new ArrayList<>();

    synchronized FakeDynamoDb then(Step... steps) {
        script.addAll(List.of(steps));
        return this;
    }

    synchronized FakeDynamoDb holdAnswers() {
        hold = true;
        return this;
    }

    synchronized int heldAnswers() {
        return held.size();
    }

    /** Releases one held answer, picked by {@code random}; false when none is held. */
    boolean releaseOne(Random random) {
        Runnable r;
        synchronized (this) {
            if (held.isEmpty()) {
                return false;
            }
            r = held.remove(random.nextInt(held.size()));
        }
        r.run(); // outside the lock: the writer's callback sends the next requests from here
        return true;
    }

    static String pk(Map<String, AttributeValue> item) {
        return item.get("pk").s();
    }

    @Override
    public CompletableFuture<BatchWriteItemResponse> batchWriteItem(BatchWriteItemRequest request) {
        List<WriteRequest> items = request.requestItems().get(TABLE);
        Step step;
        List<String> keys = new ArrayList<>();
        synchronized (this) {
            requests.add(request);
            if (items == null || items.isEmpty() || items.size() > 25) {
                violations.add("request with " + (items == null ? 0 : items.size()) + " items");
            }
            for (WriteRequest w : items) {
                String pk = pk(w.putRequest().item());
                if (keys.contains(pk)) {
                    violations.add("key " + pk + " twice in one request");
                }
                if (!keysInFlight.add(pk)) {
                    violations.add("key " + pk + " in two requests in flight");
                }
                keys.add(pk);
            }
            step = script.isEmpty() ? otherwise : script.poll();
        }
        CompletableFuture<BatchWriteItemResponse> answer = new CompletableFuture<>();
        boolean capacityAsked = request.returnConsumedCapacity() == ReturnConsumedCapacity.TOTAL;
        Runnable complete = () -> {
            CompletableFuture<BatchWriteItemResponse> scripted = step.answer(this, items)
                    // like DynamoDB: consumed capacity only when the request asks for it
                    .thenApply(r -> capacityAsked
                            ? r
                            : r.toBuilder()
                                    .consumedCapacity((List<ConsumedCapacity>) null)
                                    .build());
            synchronized (this) {
                keysInFlight.removeAll(keys);
            }
            scripted.whenComplete((r, e) -> {
                if (e != null) {
                    answer.completeExceptionally(e);
                } else {
                    answer.complete(r);
                }
            });
        };
        boolean later;
        synchronized (this) {
            later = hold;
            if (later) {
                held.add(complete);
            }
        }
        if (!later) {
            complete.run();
        }
        return answer;
    }

    synchronized void write(List<WriteRequest> items) {
        for (WriteRequest w : items) {
            Map<String, AttributeValue> item = w.putRequest().item();
            table.put(pk(item), item);
            writes.add(item);
        }
    }

    static BatchWriteItemResponse response(List<WriteRequest> unprocessed, double capacity) {
        return BatchWriteItemResponse.builder()
                .unprocessedItems(unprocessed.isEmpty() ? Map.of() : Map.of(TABLE, unprocessed))
                .consumedCapacity(ConsumedCapacity.builder()
                        .tableName(TABLE)
                        .capacityUnits(capacity)
                        .build())
                .build();
    }

    static Step writeAll() {
        return (db, items) -> {
            db.write(items);
            return CompletableFuture.completedFuture(response(List.of(), items.size()));
        };
    }

    /** Writes all but the last {@code n} items and returns those as unprocessed. */
    static Step unprocessedLast(int n) {
        return (db, items) -> {
            int keep = Math.max(0, items.size() - n);
            db.write(items.subList(0, keep));
            return CompletableFuture.completedFuture(response(copies(items.subList(keep, items.size())), keep));
        };
    }

    /** Writes nothing, refuses the whole batch when an item matches (as DynamoDB's ValidationException). */
    static Step rejectIf(Predicate<Map<String, AttributeValue>> bad) {
        return (db, items) -> {
            for (WriteRequest w : items) {
                if (bad.test(w.putRequest().item())) {
                    return CompletableFuture.failedFuture(error(
                            DynamoDbException.builder(),
                            400,
                            "ValidationException",
                            "Item size has exceeded the maximum allowed size"));
                }
            }
            db.write(items);
            return CompletableFuture.completedFuture(response(List.of(), items.size()));
        };
    }

    static Step throttle() {
        return (db, items) -> CompletableFuture.failedFuture(error(
                ProvisionedThroughputExceededException.builder(),
                400,
                "ProvisionedThroughputExceededException",
                "The level of configured provisioned throughput for the table was exceeded."));
    }

    static Step serverError() {
        return (db, items) -> CompletableFuture.failedFuture(
                error(DynamoDbException.builder(), 500, "InternalServerError", "Internal server error"));
    }

    static Step tableMissing() {
        return (db, items) -> CompletableFuture.failedFuture(error(
                ResourceNotFoundException.builder(), 400, "ResourceNotFoundException", "Requested resource not found"));
    }

    static DynamoDbException error(DynamoDbException.Builder builder, int status, String code, String message) {
        return (DynamoDbException) builder.message(message)
                .statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(code)
                        .errorMessage(message)
                        .serviceName("DynamoDb")
                        .build())
                .build();
    }

    /** New objects with the same content, as an answer off the wire would hold. */
    private static List<WriteRequest> copies(List<WriteRequest> items) {
        List<WriteRequest> out = new ArrayList<>();
        for (WriteRequest w : items) {
            out.add(w.toBuilder()
                    .putRequest(w.putRequest().toBuilder()
                            .item(new HashMap<>(w.putRequest().item()))
                            .build())
                    .build());
        }
        return out;
    }

    @Override
    public String serviceName() {
        return "dynamodb";
    }

    @Override
    public void close() {}
}
