package dev.ddbimport.sink;

import dev.ddbimport.core.item.AttrValue;
import dev.ddbimport.core.item.Item;
import dev.ddbimport.core.item.ItemCodec;
import dev.ddbimport.core.item.SdkAttributeValues;
import dev.ddbimport.core.validate.KeySchema;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The table's primary key of an SDK item, as the same canonical bytes the transform puts in the
 * record key. Used to find which of a batch's items DynamoDB returned as unprocessed: the answer
 * holds new objects, so only the key can tell them apart.
 */
final class KeyExtractor {

    private final KeySchema schema;

    KeyExtractor(KeySchema schema) {
        this.schema = KeySchema.of(schema.partitionKey(), schema.sortKey());
    }

    KeySchema schema() {
        return schema;
    }

    /** @throws IllegalArgumentException when a key attribute is missing or of another type */
    ItemKey of(Map<String, AttributeValue> item) {
        Map<String, AttrValue> key = new LinkedHashMap<>(4);
        copy(item, schema.partitionKey().name(), key);
        if (schema.sortKey() != null) {
            copy(item, schema.sortKey().name(), key);
        }
        return new ItemKey(ItemCodec.keyBytes(new Item(key), schema));
    }

    private static void copy(Map<String, AttributeValue> item, String name, Map<String, AttrValue> key) {
        AttributeValue value = item.get(name);
        if (value != null) {
            key.put(name, SdkAttributeValues.fromSdk(value));
        }
    }
}
