package dev.ddbimport.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TaskAssignmentTest {

    private static List<ListedObject> listing(long... sizes) {
        List<ListedObject> objects = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            objects.add(new ListedObject(String.format("k%03d", i), sizes[i], "\"e" + i + "\""));
        }
        return objects;
    }

    private static long bytes(List<ListedObject> objects) {
        return objects.stream().mapToLong(ListedObject::size).sum();
    }

    @Test
    void shouldBalanceBytesNotCounts() {
        List<ListedObject> objects = listing(1000, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 990);

        List<ListedObject> t0 = TaskAssignment.share(objects, 0, 2);
        List<ListedObject> t1 = TaskAssignment.share(objects, 1, 2);

        assertEquals(List.of(objects.get(0)), t0.subList(0, 1));
        assertEquals(1050, bytes(t0));
        assertEquals(1040, bytes(t1));
        assertEquals(6, t0.size());
        assertEquals(6, t1.size());
    }

    @Test
    void shouldGiveEveryObjectToExactlyOneTaskInListingOrder() {
        Random random = new Random(7);
        long[] sizes = new long[500];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = random.nextInt(1_000_000);
        }
        List<ListedObject> objects = listing(sizes);
        Set<ListedObject> seen = new HashSet<>();
        long max = 0;
        long min = Long.MAX_VALUE;
        for (int t = 0; t < 7; t++) {
            List<ListedObject> share = TaskAssignment.share(objects, t, 7);
            List<ListedObject> sorted = new ArrayList<>(share);
            sorted.sort((a, b) -> a.key().compareTo(b.key()));
            assertEquals(sorted, share, "a share keeps listing order");
            for (ListedObject o : share) {
                assertTrue(seen.add(o), "assigned twice: " + o);
            }
            max = Math.max(max, bytes(share));
            min = Math.min(min, bytes(share));
        }
        assertEquals(objects.size(), seen.size());
        assertTrue(max - min <= 1_000_000, "spread " + (max - min) + " exceeds the largest object");
    }

    @Test
    void shouldBeDeterministicWhateverTheInputOrderOfEqualSizes() {
        List<ListedObject> objects = listing(5, 5, 5, 5, 5, 5, 5);
        List<ListedObject> shuffled = new ArrayList<>(objects);
        Collections.shuffle(shuffled, new Random(1));
        for (int t = 0; t < 3; t++) {
            Set<ListedObject> a = new HashSet<>(TaskAssignment.share(objects, t, 3));
            Set<ListedObject> b = new HashSet<>(TaskAssignment.share(shuffled, t, 3));
            assertEquals(a, b);
        }
        assertEquals(List.of(objects.get(0), objects.get(3), objects.get(6)), TaskAssignment.share(objects, 0, 3));
    }

    @Test
    void shouldSpreadEmptyObjectsToo() {
        List<ListedObject> objects = listing(0, 0, 0, 0);
        for (int t = 0; t < 4; t++) {
            assertEquals(1, TaskAssignment.share(objects, t, 4).size());
        }
    }

    @Test
    void shouldRefuseATaskThatDoesNotExist() {
        assertEquals(
                "task 2 of 2 does not exist",
                assertThrows(IllegalArgumentException.class, () -> TaskAssignment.share(listing(1), 2, 2))
                        .getMessage());
    }
}
