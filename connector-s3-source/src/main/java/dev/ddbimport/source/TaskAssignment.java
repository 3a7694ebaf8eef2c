package dev.ddbimport.source;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Splits a listing over tasks so that each task's total bytes are balanced, not just its object count:
 * largest object first, each to the task with the fewest bytes so far (ties: the lower task index).
 * Deterministic, so every task computes the same split from the same listing without it travelling in
 * task configs. Each task's share keeps listing order.
 */
public final class TaskAssignment {

    private TaskAssignment() {}

    /** The objects task {@code taskIndex} of {@code taskCount} reads, in listing order. */
    public static List<ListedObject> share(List<ListedObject> listing, int taskIndex, int taskCount) {
        if (taskCount < 1 || taskIndex < 0 || taskIndex >= taskCount) {
            throw new IllegalArgumentException("task " + taskIndex + " of " + taskCount + " does not exist");
        }
        int[] owner = owners(listing, taskCount);
        List<ListedObject> mine = new ArrayList<>();
        for (int i = 0; i < listing.size(); i++) {
            if (owner[i] == taskIndex) {
                mine.add(listing.get(i));
            }
        }
        return mine;
    }

    /** The owning task of each listing position. */
    static int[] owners(List<ListedObject> listing, int taskCount) {
        Integer[] order = new Integer[listing.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(
                order,
                Comparator.<Integer>comparingLong(i -> listing.get(i).size())
                        .reversed()
                        .thenComparing(i -> listing.get(i).key()));
        // a task's load: (bytes, index), least first
        PriorityQueue<long[]> load =
                new PriorityQueue<>(Comparator.<long[]>comparingLong(t -> t[0]).thenComparingLong(t -> t[1]));
        for (int t = 0; t < taskCount; t++) {
            load.add(new long[] {0, t});
        }
        int[] owner = new int[listing.size()];
        for (int i : order) {
            long[] task = load.poll();
            owner[i] = (int) task[1];
            // empty objects still cost a request: count them as one byte so they spread too
            task[0] += Math.max(1, listing.get(i).size());
            load.add(task);
        }
        return owner;
    }
}
