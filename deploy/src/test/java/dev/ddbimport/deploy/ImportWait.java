package dev.ddbimport.deploy;

import java.time.Duration;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ImportStatus;
import software.amazon.awssdk.services.dynamodb.model.ImportTableDescription;

/** Polling with a deadline, as a client waits on DescribeImport, for the deploy ITs. */
final class ImportWait {

    /** The states an import ends in (CANCELLING still moves). */
    private static final Set<ImportStatus> ENDED =
            Set.of(ImportStatus.COMPLETED, ImportStatus.FAILED, ImportStatus.CANCELLED);

    private static final Duration INTERVAL = Duration.ofMillis(200);

    private ImportWait() {}

    /** Polls DescribeImport until the import has ended, or fails the test at the deadline. */
    static ImportTableDescription awaitEnd(DynamoDbClient dynamo, String arn, Duration timeout)
            throws InterruptedException {
        return until(
                timeout,
                () -> dynamo.describeImport(r -> r.importArn(arn)).importTableDescription(),
                d -> ENDED.contains(d.importStatus()),
                "the end of import " + arn);
    }

    /**
     * Asks {@code probe} until {@code done} accepts its answer, and returns that answer; fails the test with
     * the last answer when {@code timeout} passes first.
     */
    static <T> T until(Duration timeout, Supplier<T> probe, Predicate<T> done, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T answer = probe.get();
            if (done.test(answer)) {
                return answer;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("No " + what + " within " + timeout + "; last seen: " + answer);
            }
            // a poll interval, not synchronisation: the deadline above decides
            Thread.sleep(INTERVAL.toMillis());
        }
    }
}
