package dev.ddbimport.core.model;

import dev.ddbimport.core.validate.ScalarType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * CreateTable's checks of TableCreationParameters: the member constraints (collected into the
 * request's violations) and the rules between members, worded as CreateTable words them.
 */
final class TableParametersValidator {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_.-]+");
    private static final String NAME_SHOWN = "[a-zA-Z0-9_.-]+";
    private static final String ATTRIBUTE_TYPES = "[B, N, S]";
    private static final String INVALID = "One or more parameter values were invalid: ";
    private static final long MAX_CAPACITY_UNITS = 1_000_000_000_000L;
    private static final int MAX_GLOBAL_INDEXES = 20;

    private TableParametersValidator() {}

    static void checkMembers(TableCreationParameters params, String path, ConstraintViolations violations) {
        if (!violations.required(params, path)) {
            return;
        }
        String tableName = ConstraintViolations.member(path, "tableName");
        if (violations.required(params.tableName(), tableName)) {
            checkName(params.tableName(), tableName, violations);
        }
        checkAttributeDefinitions(
                params.attributeDefinitions(), ConstraintViolations.member(path, "attributeDefinitions"), violations);
        checkKeySchema(params.keySchema(), ConstraintViolations.member(path, "keySchema"), violations);
        violations.oneOf(
                params.billingMode(),
                ConstraintViolations.member(path, "billingMode"),
                BillingMode.class,
                BillingMode.VALUE_SET);
        checkThroughput(
                params.provisionedThroughput(), ConstraintViolations.member(path, "provisionedThroughput"), violations);
        if (params.sseSpecification() != null) {
            violations.oneOf(
                    params.sseSpecification().sseType(),
                    ConstraintViolations.member(path, "sSESpecification.sSEType"),
                    SseType.class,
                    SseType.VALUE_SET);
        }
        List<GlobalSecondaryIndex> indexes = params.globalSecondaryIndexes();
        if (indexes != null) {
            String indexesPath = ConstraintViolations.member(path, "globalSecondaryIndexes");
            for (int i = 0; i < indexes.size(); i++) {
                checkIndexMembers(indexes.get(i), ConstraintViolations.element(indexesPath, i), violations);
            }
        }
    }

    private static void checkName(String name, String path, ConstraintViolations violations) {
        violations.pattern(name, path, NAME, NAME_SHOWN);
        violations.length(name, path, 3, 255);
    }

    private static void checkAttributeDefinitions(
            List<AttributeDefinition> definitions, String path, ConstraintViolations violations) {
        if (!violations.required(definitions, path)) {
            return;
        }
        for (int i = 0; i < definitions.size(); i++) {
            String elementPath = ConstraintViolations.element(path, i);
            AttributeDefinition definition = definitions.get(i);
            if (violations.required(definition, elementPath)) {
                checkAttributeName(
                        definition.attributeName(),
                        ConstraintViolations.member(elementPath, "attributeName"),
                        violations);
                String typePath = ConstraintViolations.member(elementPath, "attributeType");
                if (violations.required(definition.attributeType(), typePath)) {
                    violations.oneOf(definition.attributeType(), typePath, ScalarType.class, ATTRIBUTE_TYPES);
                }
            }
        }
    }

    private static void checkAttributeName(String name, String path, ConstraintViolations violations) {
        if (violations.required(name, path)) {
            violations.length(name, path, 1, 255);
        }
    }

    private static void checkKeySchema(List<KeySchemaElement> keySchema, String path, ConstraintViolations violations) {
        if (!violations.required(keySchema, path)) {
            return;
        }
        violations.size(keySchema, path, 1, 2);
        for (int i = 0; i < keySchema.size(); i++) {
            String elementPath = ConstraintViolations.element(path, i);
            KeySchemaElement element = keySchema.get(i);
            if (violations.required(element, elementPath)) {
                checkAttributeName(
                        element.attributeName(), ConstraintViolations.member(elementPath, "attributeName"), violations);
                String typePath = ConstraintViolations.member(elementPath, "keyType");
                if (violations.required(element.keyType(), typePath)) {
                    violations.oneOf(element.keyType(), typePath, KeyType.class, KeyType.VALUE_SET);
                }
            }
        }
    }

    private static void checkThroughput(
            ProvisionedThroughput throughput, String path, ConstraintViolations violations) {
        if (throughput == null) {
            return;
        }
        String read = ConstraintViolations.member(path, "readCapacityUnits");
        if (violations.required(throughput.readCapacityUnits(), read)) {
            violations.atLeast(throughput.readCapacityUnits(), read, 1);
        }
        String write = ConstraintViolations.member(path, "writeCapacityUnits");
        if (violations.required(throughput.writeCapacityUnits(), write)) {
            violations.atLeast(throughput.writeCapacityUnits(), write, 1);
        }
    }

    private static void checkIndexMembers(GlobalSecondaryIndex index, String path, ConstraintViolations violations) {
        if (!violations.required(index, path)) {
            return;
        }
        String indexName = ConstraintViolations.member(path, "indexName");
        if (violations.required(index.indexName(), indexName)) {
            checkName(index.indexName(), indexName, violations);
        }
        checkKeySchema(index.keySchema(), ConstraintViolations.member(path, "keySchema"), violations);
        String projectionPath = ConstraintViolations.member(path, "projection");
        Projection projection = index.projection();
        if (violations.required(projection, projectionPath)) {
            violations.oneOf(
                    projection.projectionType(),
                    ConstraintViolations.member(projectionPath, "projectionType"),
                    ProjectionType.class,
                    ProjectionType.VALUE_SET);
            List<String> nonKey = projection.nonKeyAttributes();
            String nonKeyPath = ConstraintViolations.member(projectionPath, "nonKeyAttributes");
            violations.size(nonKey, nonKeyPath, 1, 20);
            if (nonKey != null) {
                for (int i = 0; i < nonKey.size(); i++) {
                    checkAttributeName(nonKey.get(i), ConstraintViolations.element(nonKeyPath, i), violations);
                }
            }
        }
        checkThroughput(
                index.provisionedThroughput(), ConstraintViolations.member(path, "provisionedThroughput"), violations);
    }

    /** The rules between members; call only once the member constraints hold. */
    static void checkRules(TableCreationParameters params) {
        BillingMode mode = params.billingMode() == null
                ? BillingMode.PROVISIONED
                : WireEnum.find(BillingMode.class, params.billingMode());
        checkBilling(params, mode);
        checkEncryption(params.sseSpecification());

        List<String> defined = definedNames(params.attributeDefinitions());
        checkTableKeys(params, defined);

        List<GlobalSecondaryIndex> indexes = params.globalSecondaryIndexes();
        if (indexes == null) {
            if (params.keySchema().size() != defined.size()) {
                throw invalid("Number of attributes in KeySchema does not exactly match number of attributes"
                        + " defined in AttributeDefinitions");
            }
            return;
        }
        checkIndexes(indexes, defined, mode);
        checkAllDefinitionsUsed(params, defined);
    }

    private static void checkBilling(TableCreationParameters params, BillingMode mode) {
        ProvisionedThroughput throughput = params.provisionedThroughput();
        OnDemandThroughput onDemand = params.onDemandThroughput();
        if (mode == BillingMode.PAY_PER_REQUEST) {
            if (throughput != null) {
                throw invalid("Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode"
                        + " is PAY_PER_REQUEST");
            }
            if (onDemand != null) {
                checkOnDemandRange(onDemand.maxReadRequestUnits(), "MaxReadRequestUnits");
                checkOnDemandRange(onDemand.maxWriteRequestUnits(), "MaxWriteRequestUnits");
            }
            return;
        }
        if (throughput == null) {
            throw invalid("ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is"
                    + " PROVISIONED");
        }
        checkCapacityBound(throughput.readCapacityUnits(), "ReadCapacityUnits");
        checkCapacityBound(throughput.writeCapacityUnits(), "WriteCapacityUnits");
        if (onDemand != null) {
            if (onDemand.maxReadRequestUnits() != null) {
                throw onDemandWithProvisioned("MaxReadRequestUnits");
            }
            if (onDemand.maxWriteRequestUnits() != null) {
                throw onDemandWithProvisioned("MaxWriteRequestUnits");
            }
        }
    }

    private static void checkOnDemandRange(Long units, String member) {
        if (units != null && units < 1) {
            throw invalid("Requested " + member + " for OnDemandThroughput for table is outside of valid range");
        }
    }

    private static ValidationException onDemandWithProvisioned(String member) {
        return invalid(
                member + " for OnDemandThroughput cannot be specified when the table BillingMode is" + " PROVISIONED");
    }

    private static void checkCapacityBound(long units, String member) {
        if (units > MAX_CAPACITY_UNITS) {
            throw new ValidationException("Given value " + units + " for " + member + " is out of bounds");
        }
    }

    private static void checkEncryption(SseSpecification sse) {
        if (sse == null) {
            return;
        }
        if (Boolean.FALSE.equals(sse.enabled())) {
            if (sse.sseType() != null) {
                throw invalid("SSEType can not be specified if Enabled is false");
            }
            if (sse.kmsMasterKeyId() != null) {
                throw invalid("KMSMasterKeyId can not be specified if Enabled is false");
            }
        }
        if (SseType.AES256.name().equals(sse.sseType())) {
            throw invalid("SSEType AES256 is not supported");
        }
        if (sse.kmsMasterKeyId() != null && !SseType.KMS.name().equals(sse.sseType())) {
            throw invalid("SSEType KMS is required if KMSMasterKeyId is specified");
        }
    }

    private static List<String> definedNames(List<AttributeDefinition> definitions) {
        List<String> names = new ArrayList<>(definitions.size());
        Set<String> seen = new HashSet<>();
        for (AttributeDefinition definition : definitions) {
            if (!seen.add(definition.attributeName())) {
                throw new ValidationException("Attribute Name is duplicated: " + definition.attributeName());
            }
            names.add(definition.attributeName());
        }
        return names;
    }

    private static void checkTableKeys(TableCreationParameters params, List<String> defined) {
        List<String> keys = keyNames(params.keySchema());
        if (keys.size() > defined.size()) {
            throw new ValidationException("Invalid KeySchema: Some index key attribute have no definition");
        }
        checkKeysDefined(keys, defined);
        checkKeyOrder(params.keySchema());
    }

    private static List<String> keyNames(List<KeySchemaElement> keySchema) {
        List<String> names = new ArrayList<>(keySchema.size());
        for (KeySchemaElement element : keySchema) {
            names.add(element.attributeName());
        }
        return names;
    }

    private static void checkKeysDefined(List<String> keys, List<String> defined) {
        if (!defined.containsAll(keys)) {
            throw invalid("Some index key attributes are not defined in AttributeDefinitions. Keys: " + listed(keys)
                    + ", AttributeDefinitions: " + listed(defined));
        }
    }

    private static void checkKeyOrder(List<KeySchemaElement> keySchema) {
        if (keySchema.size() == 2
                && keySchema.get(0).attributeName().equals(keySchema.get(1).attributeName())) {
            throw new ValidationException(
                    "Both the Hash Key and the Range Key element in the KeySchema have the same name");
        }
        if (!KeyType.HASH.name().equals(keySchema.get(0).keyType())) {
            throw new ValidationException("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
        }
        if (keySchema.size() == 2
                && !KeyType.RANGE.name().equals(keySchema.get(1).keyType())) {
            throw new ValidationException("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
        }
    }

    private static void checkIndexes(List<GlobalSecondaryIndex> indexes, List<String> defined, BillingMode mode) {
        if (indexes.isEmpty()) {
            throw invalid("List of GlobalSecondaryIndexes is empty");
        }
        Set<String> names = new HashSet<>();
        for (GlobalSecondaryIndex index : indexes) {
            checkKeysDefined(keyNames(index.keySchema()), defined);
            checkKeyOrder(index.keySchema());
            checkProjection(index.projection());
            checkIndexThroughput(index, mode);
            if (!names.add(index.indexName())) {
                throw invalid("Duplicate index name: " + index.indexName());
            }
        }
        if (indexes.size() > MAX_GLOBAL_INDEXES) {
            throw invalid("GlobalSecondaryIndex count exceeds the per-table limit of " + MAX_GLOBAL_INDEXES);
        }
    }

    private static void checkProjection(Projection projection) {
        String type = projection.projectionType();
        if (type == null) {
            throw invalid("Unknown ProjectionType: null");
        }
        boolean include = ProjectionType.INCLUDE.name().equals(type);
        if (projection.nonKeyAttributes() != null && !include) {
            throw invalid("ProjectionType is " + type + ", but NonKeyAttributes is specified");
        }
        if (projection.nonKeyAttributes() == null && include) {
            throw invalid("ProjectionType is INCLUDE, but NonKeyAttributes is not specified");
        }
    }

    private static void checkIndexThroughput(GlobalSecondaryIndex index, BillingMode mode) {
        boolean hasThroughput = index.provisionedThroughput() != null;
        if (mode == BillingMode.PAY_PER_REQUEST && hasThroughput) {
            throw invalid("ProvisionedThroughput should not be specified for index: " + index.indexName()
                    + " when BillingMode is PAY_PER_REQUEST");
        }
        if (mode == BillingMode.PROVISIONED && !hasThroughput) {
            throw invalid("ProvisionedThroughput is not specified for index: " + index.indexName());
        }
    }

    private static void checkAllDefinitionsUsed(TableCreationParameters params, List<String> defined) {
        Set<String> used = new LinkedHashSet<>(keyNames(params.keySchema()));
        for (GlobalSecondaryIndex index : params.globalSecondaryIndexes()) {
            used.addAll(keyNames(index.keySchema()));
        }
        if (!used.containsAll(defined)) {
            throw invalid("Some AttributeDefinitions are not used. AttributeDefinitions: " + listed(defined)
                    + ", keys used: " + listed(List.copyOf(used)));
        }
    }

    private static String listed(List<String> names) {
        return "[" + String.join(", ", names) + "]";
    }

    private static ValidationException invalid(String detail) {
        return new ValidationException(INVALID + detail);
    }
}
