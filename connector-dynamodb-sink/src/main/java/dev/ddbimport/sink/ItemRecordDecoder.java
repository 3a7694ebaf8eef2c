package dev.ddbimport.sink;

import dev.ddbimport.core.item.ItemCodec;
import dev.ddbimport.core.item.SdkAttributeValues;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Turns an item record (key = canonical key bytes, value = {@code ItemCodec} bytes) into a {@link
 * PendingWrite} with its PutRequest. A record that is not an item record becomes a refused write with
 * the reason, to be dead-lettered like an item DynamoDB refuses, never a crash.
 */
final class ItemRecordDecoder {

    private final KeyExtractor keys;

    ItemRecordDecoder(KeyExtractor keys) {
        this.keys = keys;
    }

    PendingWrite decode(SinkRecord record) {
        // the consumer's coordinates, even if a transformation renamed the topic
        TopicPartition partition = new TopicPartition(record.originalTopic(), record.originalKafkaPartition());
        long offset = record.originalKafkaOffset();
        if (!(record.value() instanceof byte[] value)) {
            return refused(
                    record,
                    partition,
                    offset,
                    "Not an item record: the value is "
                            + (record.value() == null
                                    ? "null"
                                    : record.value().getClass().getSimpleName() + ", expected bytes")
                            + "; the connector needs value.converter=" + DynamoDbSinkConnector.BYTE_ARRAY_CONVERTER);
        }
        try {
            Map<String, AttributeValue> item = SdkAttributeValues.toSdk(ItemCodec.decode(value));
            ItemKey key = record.key() instanceof byte[] keyBytes ? new ItemKey(keyBytes) : keys.of(item);
            WriteRequest request = WriteRequest.builder()
                    .putRequest(PutRequest.builder().item(item).build())
                    .build();
            return new PendingWrite(record, partition, offset, key, request, value.length);
        } catch (IllegalArgumentException e) {
            return refused(record, partition, offset, e.getMessage());
        }
    }

    private static PendingWrite refused(SinkRecord record, TopicPartition partition, long offset, String why) {
        PendingWrite w = new PendingWrite(record, partition, offset, null, null, 0);
        w.reject(why);
        return w;
    }
}
