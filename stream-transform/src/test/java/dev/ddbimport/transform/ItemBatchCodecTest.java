package dev.ddbimport.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class ItemBatchCodecTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldRoundTripABatchWithLargeIndexesAndEmptyItems() {
        List<ItemBatchCodec.BatchItem> items = List.of(
                new ItemBatchCodec.BatchItem(utf8("k1"), utf8("item one"), 0, 0),
                new ItemBatchCodec.BatchItem(utf8("k2"), new byte[0], Long.MAX_VALUE, Integer.MAX_VALUE),
                new ItemBatchCodec.BatchItem(new byte[300], new byte[70_000], 128, 1));

        ItemBatchCodec.ItemBatch batch =
                ItemBatchCodec.decode(ItemBatchCodec.encode(utf8("bucket"), utf8("dir/ö.json"), items));

        assertArrayEquals(utf8("bucket"), batch.bucket());
        assertArrayEquals(utf8("dir/ö.json"), batch.objectKey());
        assertEquals(3, batch.items().size());
        for (int i = 0; i < items.size(); i++) {
            ItemBatchCodec.BatchItem want = items.get(i);
            ItemBatchCodec.BatchItem got = batch.items().get(i);
            assertArrayEquals(want.key(), got.key());
            assertArrayEquals(want.item(), got.item());
            assertEquals(want.itemIndex(), got.itemIndex());
            assertEquals(want.subIndex(), got.subIndex());
        }
    }

    @Test
    void shouldStartEveryBatchAfterFinishFromEmpty() {
        ItemBatchCodec.Writer w = new ItemBatchCodec.Writer();
        w.start(utf8("b"), utf8("o1"));
        for (int i = 0; i < 1000; i++) {
            w.add(utf8("k" + i), new byte[100], i, 0);
        }
        assertEquals(1000, ItemBatchCodec.decode(w.finish()).items().size());
        w.start(utf8("b"), utf8("o2"));
        w.add(utf8("x"), utf8("y"), 7, 0);

        ItemBatchCodec.ItemBatch second = ItemBatchCodec.decode(w.finish());

        assertArrayEquals(utf8("o2"), second.objectKey());
        assertEquals(1, second.items().size());
        assertEquals(7, second.items().get(0).itemIndex());
    }

    @Test
    void shouldTakeAnItemFromTheMiddleOfABufferAsOnlyThoseBytes() {
        byte[] buffer = utf8("before|the item|after");
        ItemBatchCodec.Writer w = new ItemBatchCodec.Writer();
        w.start(utf8("b"), utf8("o"));
        w.add(utf8("k"), buffer, 7, 8, 3, 1);

        ItemBatchCodec.BatchItem item =
                ItemBatchCodec.decode(w.finish()).items().get(0);

        assertArrayEquals(utf8("the item"), item.item());
        assertArrayEquals(utf8("k"), item.key());
        assertEquals(3, item.itemIndex());
        assertEquals(1, item.subIndex());
    }

    @Test
    void shouldRejectATruncatedBatchWithWhereItBroke() {
        byte[] whole = ItemBatchCodec.encode(
                utf8("b"), utf8("o"), List.of(new ItemBatchCodec.BatchItem(utf8("key"), utf8("item"), 5, 0)));

        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> ItemBatchCodec.decode(Arrays.copyOf(whole, whole.length - 2)));

        assertEquals(
                "corrupt item batch at byte 13: the item claims 4 bytes, 2 are left; only the chunk splitter"
                        + " writes the repartition topic",
                e.getMessage());
    }

    @Test
    void shouldRejectTrailingBytesAnEmptyValueAndAnotherVersion() {
        byte[] whole = ItemBatchCodec.encode(utf8("b"), utf8("o"), List.of());
        byte[] longer = Arrays.copyOf(whole, whole.length + 1);

        assertEquals(
                "corrupt item batch at byte 6: 1 bytes follow the last item; only the chunk splitter writes the"
                        + " repartition topic",
                assertThrows(IllegalArgumentException.class, () -> ItemBatchCodec.decode(longer))
                        .getMessage());
        assertEquals(
                "corrupt item batch at byte 0: it is empty; only the chunk splitter writes the repartition topic",
                assertThrows(IllegalArgumentException.class, () -> ItemBatchCodec.decode(new byte[0]))
                        .getMessage());
        whole[0] = 2;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ItemBatchCodec.decode(whole))
                .getMessage()
                .startsWith("item batch has version 2, this transform reads version 1"));
    }

    @Test
    void shouldRejectACountTheBytesCannotHold() {
        // version, empty bucket, empty object key, count = 1000 and nothing after
        byte[] value = {1, 0, 0, (byte) 0xE8, 0x07};

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ItemBatchCodec.decode(value));

        assertEquals(
                "corrupt item batch at byte 5: it claims 1000 items in 0 bytes; only the chunk splitter writes the"
                        + " repartition topic",
                e.getMessage());
    }

    @Test
    void shouldPartitionAKeyAsKafkasDefaultPartitionerDoes() {
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            keys.add(utf8("key-" + i));
        }
        for (byte[] key : keys) {
            assertEquals(BuiltInPartitioner.partitionForKey(key, 8), ItemBatchCodec.partition(key, 8));
        }
    }

    @Test
    void shouldSendABatchToThePartitionInItsKey() {
        BatchPartitioner partitioner = new BatchPartitioner(8);

        assertEquals(Optional.of(Set.of(5)), partitioner.partitions("t", BatchPartitioner.key(5), new byte[0], 8));
        assertEquals(Optional.of(Set.of(0)), partitioner.partitions("t", BatchPartitioner.key(0), new byte[0], 8));
    }

    @Test
    void shouldRefuseATopicWithAnotherPartitionCount() {
        BatchPartitioner partitioner = new BatchPartitioner(8);

        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> partitioner.partitions("t", BatchPartitioner.key(5), new byte[0], 4));

        assertTrue(e.getMessage().startsWith("repartition topic t has 4 partitions, the transform groups items for 8"));
        assertThrows(IllegalStateException.class, () -> partitioner.partitions("t", new byte[] {1}, new byte[0], 8));
    }
}
