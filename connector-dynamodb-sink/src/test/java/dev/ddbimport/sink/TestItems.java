package dev.ddbimport.sink;

import dev.ddbimport.core.item.AttrValue;
import dev.ddbimport.core.item.Item;
import dev.ddbimport.core.item.ItemCodec;
import dev.ddbimport.core.pipeline.ItemRecordHeaders;
import dev.ddbimport.core.validate.KeySchema;
import dev.ddbimport.core.validate.ScalarType;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;

/** Item records as the transform writes them: {@code pk} (S) partition key, {@code v} (N) version. */
final class TestItems {

    static final KeySchema SCHEMA = KeySchema.of(new KeySchema.KeyAttribute("pk", ScalarType.S), null);
    static final KeyExtractor KEYS = new KeyExtractor(SCHEMA);
    static final String TOPIC = "ddbimport.t.items";

    private TestItems() {}

    static Item item(String pk, long version, String padding) {
        Map<String, AttrValue> attributes = new LinkedHashMap<>();
        attributes.put("pk", new AttrValue.S(pk));
        attributes.put("v", new AttrValue.N(Long.toString(version)));
        if (padding != null) {
            attributes.put("pad", new AttrValue.S(padding));
        }
        return new Item(attributes);
    }

    static SinkRecord record(int partition, long offset, String pk, long version) {
        return record(partition, offset, item(pk, version, null), "data/part-" + partition + ".json", offset);
    }

    static SinkRecord record(int partition, long offset, Item item, String objectKey, long itemIndex) {
        ConnectHeaders headers = new ConnectHeaders();
        headers.add(ItemRecordHeaders.BUCKET, bytes("bucket"), Schema.BYTES_SCHEMA);
        headers.add(ItemRecordHeaders.OBJECT_KEY, bytes(objectKey), Schema.BYTES_SCHEMA);
        headers.add(ItemRecordHeaders.ITEM_INDEX, bytes(Long.toString(itemIndex)), Schema.BYTES_SCHEMA);
        return new SinkRecord(
                TOPIC,
                partition,
                Schema.BYTES_SCHEMA,
                ItemCodec.keyBytes(item, SCHEMA),
                Schema.BYTES_SCHEMA,
                ItemCodec.encode(item),
                offset,
                null,
                org.apache.kafka.common.record.TimestampType.NO_TIMESTAMP_TYPE,
                headers);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
