package dev.ddbimport.core.model;

import dev.ddbimport.core.validate.KeySchema;
import dev.ddbimport.core.validate.KeySchema.IndexKeys;
import dev.ddbimport.core.validate.KeySchema.KeyAttribute;
import dev.ddbimport.core.validate.ScalarType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds the item validator's {@link KeySchema} from the table an import creates. */
public final class KeySchemas {
    private KeySchemas() {}

    /**
     * The table's and every global secondary index's key attributes with their declared types.
     * Expects parameters that passed {@link RequestValidator}; anything else is a programming error.
     */
    public static KeySchema of(TableCreationParameters params) {
        Map<String, ScalarType> types = new HashMap<>();
        for (AttributeDefinition definition : params.attributeDefinitions()) {
            types.put(definition.attributeName(), scalarType(definition));
        }
        KeyAttribute[] table = keys(params.keySchema(), types, params.tableName());
        List<IndexKeys> indexes = new ArrayList<>();
        if (params.globalSecondaryIndexes() != null) {
            for (GlobalSecondaryIndex index : params.globalSecondaryIndexes()) {
                KeyAttribute[] keys = keys(index.keySchema(), types, index.indexName());
                indexes.add(new IndexKeys(index.indexName(), keys[0], keys[1]));
            }
        }
        return new KeySchema(table[0], table[1], indexes);
    }

    private static ScalarType scalarType(AttributeDefinition definition) {
        ScalarType type = WireEnum.find(ScalarType.class, definition.attributeType());
        if (type == null) {
            throw new IllegalArgumentException("Attribute " + definition.attributeName() + " has type "
                    + definition.attributeType() + "; validate the request with RequestValidator first");
        }
        return type;
    }

    /** {partition key, sort key or null} of one key schema. */
    private static KeyAttribute[] keys(List<KeySchemaElement> schema, Map<String, ScalarType> types, String owner) {
        KeyAttribute[] keys = new KeyAttribute[2];
        for (KeySchemaElement element : schema) {
            ScalarType type = types.get(element.attributeName());
            if (type == null) {
                throw new IllegalArgumentException("Key attribute " + element.attributeName() + " of " + owner
                        + " has no AttributeDefinition; validate the request with RequestValidator first");
            }
            int slot = KeyType.HASH.name().equals(element.keyType()) ? 0 : 1;
            keys[slot] = new KeyAttribute(element.attributeName(), type);
        }
        if (keys[0] == null) {
            throw new IllegalArgumentException(
                    "Key schema of " + owner + " has no HASH key; validate the request with RequestValidator first");
        }
        return keys;
    }
}
