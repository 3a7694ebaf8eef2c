package dev.ddbimport.sink;

import dev.ddbimport.connect.AwsClientConfigs;
import dev.ddbimport.connect.InvalidConfigKey;
import dev.ddbimport.core.model.ModelJson;
import dev.ddbimport.core.model.SerializationException;
import dev.ddbimport.core.model.TableCreationParameters;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/** The sink's configuration: one {@link ConfigDef}, typed getters. */
public class DynamoDbSinkConfig extends AbstractConfig {

    private static final String GROUP_TABLE = "Table";
    private static final String GROUP_AWS = "AWS";
    private static final String GROUP_WRITING = "Writing";
    private static final String GROUP_RETRIES = "Retries";
    private static final String GROUP_ERRORS = "Errors";

    /** BatchWriteItem's limit on items per request. */
    public static final int MAX_BATCH_ITEMS = 25;
    /** BatchWriteItem's limit on the items' total size per request. */
    public static final long MAX_BATCH_BYTES = 16L * 1024 * 1024;

    public static final String TABLE_NAME_CONFIG = "table.name";
    private static final String TABLE_NAME_DOC = "The table items are written to. It must exist and be ACTIVE when a"
            + " task starts, unless " + "table.create" + " is true.";

    public static final String TABLE_CREATE_CONFIG = "table.create";
    private static final String TABLE_CREATE_DOC = "Create the table from " + "table.creation.parameters"
            + " when it does not exist (the connector does it at start and waits until it is ACTIVE). False: the"
            + " table must exist, normally created by the control plane.";
    public static final boolean TABLE_CREATE_DEFAULT = false;

    public static final String TABLE_CREATION_PARAMETERS_CONFIG = "table.creation.parameters";
    private static final String TABLE_CREATION_PARAMETERS_DOC = "The table definition as ImportTable's"
            + " TableCreationParameters JSON (AWS member names: TableName, AttributeDefinitions, KeySchema,"
            + " BillingMode, ProvisionedThroughput, GlobalSecondaryIndexes, ...). Required with table.create=true;"
            + " its TableName must be table.name.";

    public static final String TABLE_ACTIVE_TIMEOUT_MS_CONFIG = "table.active.timeout.ms";
    private static final String TABLE_ACTIVE_TIMEOUT_MS_DOC =
            "How long the connector and each task wait for the table to become ACTIVE before failing.";
    public static final long TABLE_ACTIVE_TIMEOUT_MS_DEFAULT = 300_000;

    public static final String AWS_REGION_CONFIG = "aws.region";
    private static final String AWS_REGION_DOC = "The table's region. Empty: the SDK's default region chain"
            + " (AWS_REGION, profile, instance metadata); us-east-1 when only an endpoint is set.";

    public static final String AWS_ENDPOINT_CONFIG = "aws.endpoint";
    private static final String AWS_ENDPOINT_DOC = "Endpoint override, e.g. http://localhost:8000 for DynamoDB"
            + " Local or another DynamoDB-compatible server. Empty: AWS's endpoint for the region.";

    /** Static credentials; {@link AwsClientConfigs#defineStaticCredentials} defines and documents them. */
    public static final String AWS_ACCESS_KEY_ID_CONFIG = "aws.access.key.id";

    public static final String AWS_SECRET_ACCESS_KEY_CONFIG = "aws.secret.access.key";
    public static final String AWS_SESSION_TOKEN_CONFIG = "aws.session.token";

    public static final String BATCH_SIZE_CONFIG = "batch.size";
    private static final String BATCH_SIZE_DOC = "Most items per BatchWriteItem request (DynamoDB allows 25)."
            + " Items with the same primary key are merged inside a batch (last wins) before it is sent.";
    public static final int BATCH_SIZE_DEFAULT = MAX_BATCH_ITEMS;

    public static final String MAX_IN_FLIGHT_BATCHES_CONFIG = "max.in.flight.batches";
    private static final String MAX_IN_FLIGHT_BATCHES_DOC = "BatchWriteItem requests a task keeps in flight at"
            + " once (a batch waiting for a retry counts). More keeps a fast table busy; per-key order holds"
            + " whatever the value.";
    public static final int MAX_IN_FLIGHT_BATCHES_DEFAULT = 16;

    public static final String MAX_BUFFERED_ITEMS_CONFIG = "max.buffered.items";
    private static final String MAX_BUFFERED_ITEMS_DOC = "Items a task holds that are not yet acknowledged by"
            + " DynamoDB; put() waits while the task holds more. Bounds the task's memory.";
    public static final int MAX_BUFFERED_ITEMS_DEFAULT = 10_000;

    public static final String WRITE_RATE_LIMIT_CONFIG = "write.rate.limit";
    private static final String WRITE_RATE_LIMIT_DOC = "Most items (or write capacity units, see"
            + " write.rate.limit.unit) per second each task sends; 0: no limit, as fast as the table accepts."
            + " Use it to leave capacity for other writers of a provisioned table.";
    public static final double WRITE_RATE_LIMIT_DEFAULT = 0;

    public static final String WRITE_RATE_LIMIT_UNIT_CONFIG = "write.rate.limit.unit";
    private static final String WRITE_RATE_LIMIT_UNIT_DOC = "What write.rate.limit counts: ITEMS, or WCU (one per"
            + " started KB of each item, as DynamoDB charges a standard write).";
    public static final String WRITE_RATE_LIMIT_UNIT_DEFAULT = RateUnit.ITEMS.name();

    public static final String REQUEST_TIMEOUT_MS_CONFIG = "request.timeout.ms";
    private static final String REQUEST_TIMEOUT_MS_DOC =
            "Time allowed for one BatchWriteItem attempt; a timed-out attempt is retried like a 5xx.";
    public static final int REQUEST_TIMEOUT_MS_DEFAULT = 30_000;

    public static final String CONSUMED_CAPACITY_METRIC_CONFIG = "consumed.capacity.metric";
    private static final String CONSUMED_CAPACITY_METRIC_DOC = "Ask DynamoDB for ReturnConsumedCapacity=TOTAL on"
            + " every BatchWriteItem and sum it into the ConsumedWriteCapacityUnits metric. Off by default: it"
            + " costs DynamoDB-compatible servers work per item (DynamoDB Local wrote about 30% fewer items per"
            + " second with it); write.rate.limit.unit=WCU does not need it (it counts units from item sizes).";
    public static final boolean CONSUMED_CAPACITY_METRIC_DEFAULT = false;

    public static final String RETRY_MAX_ATTEMPTS_CONFIG = "retry.max.attempts";
    private static final String RETRY_MAX_ATTEMPTS_DOC = "Attempts of a request in a row that make no progress"
            + " (throttled, 5xx, timeout, or every item returned unprocessed) before the task fails. An answer"
            + " that writes some items starts the count again.";
    public static final int RETRY_MAX_ATTEMPTS_DEFAULT = 15;

    public static final String RETRY_BACKOFF_MS_CONFIG = "retry.backoff.ms";
    private static final String RETRY_BACKOFF_MS_DOC = "Base of the exponential backoff: retry n waits a random"
            + " time between 0 and min(retry.backoff.max.ms, retry.backoff.ms * 2^(n-1)) (full jitter).";
    public static final long RETRY_BACKOFF_MS_DEFAULT = 50;

    public static final String RETRY_BACKOFF_MAX_MS_CONFIG = "retry.backoff.max.ms";
    private static final String RETRY_BACKOFF_MAX_MS_DOC = "Upper bound of one backoff wait.";
    public static final long RETRY_BACKOFF_MAX_MS_DEFAULT = 10_000;

    public static final String IMPORT_ARN_CONFIG = "import.arn";
    private static final String IMPORT_ARN_DOC = "The import's ARN, written into each error record (importArn)."
            + " Empty: error records carry no importArn.";

    public static final String ERROR_RAW_MAX_BYTES_CONFIG = "error.raw.max.bytes";
    private static final String ERROR_RAW_MAX_BYTES_DOC = "Bytes of a rejected item (as DynamoDB JSON) kept in its"
            + " error record's rawRecord; longer items are cut and marked rawRecordTruncated.";
    public static final int ERROR_RAW_MAX_BYTES_DEFAULT = 4096;

    public static final ConfigDef CONFIG_DEF = configDef();

    /** What {@link #WRITE_RATE_LIMIT_CONFIG} counts. */
    public enum RateUnit {
        ITEMS,
        WCU
    }

    public DynamoDbSinkConfig(Map<String, String> props) {
        this(CONFIG_DEF, props);
    }

    protected DynamoDbSinkConfig(ConfigDef def, Map<String, String> props) {
        super(def, props, false);
        AwsClientConfigs.requireBothOrNeither(this, AWS_ACCESS_KEY_ID_CONFIG, AWS_SECRET_ACCESS_KEY_CONFIG);
        TableCreationParameters params = tableCreationParameters();
        if (tableCreate() && params == null) {
            throw new InvalidConfigKey(
                    TABLE_CREATION_PARAMETERS_CONFIG, null, "is required when " + TABLE_CREATE_CONFIG + " is true");
        }
        if (params != null && params.tableName() != null && !params.tableName().equals(tableName())) {
            throw new InvalidConfigKey(
                    TABLE_CREATION_PARAMETERS_CONFIG,
                    params.tableName(),
                    "names table '" + params.tableName() + "' but " + TABLE_NAME_CONFIG + " is '" + tableName()
                            + "'; they must be the same table");
        }
    }

    private static ConfigDef configDef() {
        ConfigDef def = new ConfigDef();
        int order = 0;
        def.define(
                TABLE_NAME_CONFIG,
                Type.STRING,
                ConfigDef.NO_DEFAULT_VALUE,
                new TableName(),
                Importance.HIGH,
                TABLE_NAME_DOC,
                GROUP_TABLE,
                ++order,
                Width.MEDIUM,
                "Table name");
        def.define(
                TABLE_CREATE_CONFIG,
                Type.BOOLEAN,
                TABLE_CREATE_DEFAULT,
                Importance.MEDIUM,
                TABLE_CREATE_DOC,
                GROUP_TABLE,
                ++order,
                Width.SHORT,
                "Create the table");
        def.define(
                TABLE_CREATION_PARAMETERS_CONFIG,
                Type.STRING,
                null,
                new TableParametersJson(),
                Importance.MEDIUM,
                TABLE_CREATION_PARAMETERS_DOC,
                GROUP_TABLE,
                ++order,
                Width.LONG,
                "Table creation parameters");
        def.define(
                TABLE_ACTIVE_TIMEOUT_MS_CONFIG,
                Type.LONG,
                TABLE_ACTIVE_TIMEOUT_MS_DEFAULT,
                Range.atLeast(1),
                Importance.LOW,
                TABLE_ACTIVE_TIMEOUT_MS_DOC,
                GROUP_TABLE,
                ++order,
                Width.SHORT,
                "Wait for ACTIVE (ms)");

        order = 0;
        def.define(
                AWS_REGION_CONFIG,
                Type.STRING,
                null,
                Importance.MEDIUM,
                AWS_REGION_DOC,
                GROUP_AWS,
                ++order,
                Width.SHORT,
                "Region");
        def.define(
                AWS_ENDPOINT_CONFIG,
                Type.STRING,
                null,
                AwsClientConfigs.endpointUri(),
                Importance.LOW,
                AWS_ENDPOINT_DOC,
                GROUP_AWS,
                ++order,
                Width.LONG,
                "Endpoint override");
        order = AwsClientConfigs.defineStaticCredentials(
                def,
                AWS_ACCESS_KEY_ID_CONFIG,
                AWS_SECRET_ACCESS_KEY_CONFIG,
                AWS_SESSION_TOKEN_CONFIG,
                GROUP_AWS,
                order);

        order = 0;
        def.define(
                BATCH_SIZE_CONFIG,
                Type.INT,
                BATCH_SIZE_DEFAULT,
                Range.between(1, MAX_BATCH_ITEMS),
                Importance.LOW,
                BATCH_SIZE_DOC,
                GROUP_WRITING,
                ++order,
                Width.SHORT,
                "Batch size");
        def.define(
                MAX_IN_FLIGHT_BATCHES_CONFIG,
                Type.INT,
                MAX_IN_FLIGHT_BATCHES_DEFAULT,
                Range.between(1, 1024),
                Importance.MEDIUM,
                MAX_IN_FLIGHT_BATCHES_DOC,
                GROUP_WRITING,
                ++order,
                Width.SHORT,
                "Batches in flight");
        def.define(
                MAX_BUFFERED_ITEMS_CONFIG,
                Type.INT,
                MAX_BUFFERED_ITEMS_DEFAULT,
                Range.atLeast(1),
                Importance.LOW,
                MAX_BUFFERED_ITEMS_DOC,
                GROUP_WRITING,
                ++order,
                Width.SHORT,
                "Buffered items");
        def.define(
                WRITE_RATE_LIMIT_CONFIG,
                Type.DOUBLE,
                WRITE_RATE_LIMIT_DEFAULT,
                Range.atLeast(0),
                Importance.MEDIUM,
                WRITE_RATE_LIMIT_DOC,
                GROUP_WRITING,
                ++order,
                Width.SHORT,
                "Write rate limit");
        def.define(
                WRITE_RATE_LIMIT_UNIT_CONFIG,
                Type.STRING,
                WRITE_RATE_LIMIT_UNIT_DEFAULT,
                ValidString.in(RateUnit.ITEMS.name(), RateUnit.WCU.name()),
                Importance.LOW,
                WRITE_RATE_LIMIT_UNIT_DOC,
                GROUP_WRITING,
                ++order,
                Width.SHORT,
                "Write rate limit unit");
        def.define(
                REQUEST_TIMEOUT_MS_CONFIG,
                Type.INT,
                REQUEST_TIMEOUT_MS_DEFAULT,
                Range.atLeast(1),
                Importance.LOW,
                REQUEST_TIMEOUT_MS_DOC,
                GROUP_WRITING,
                ++order,
                Width.SHORT,
                "Request timeout (ms)");
        def.define(
                CONSUMED_CAPACITY_METRIC_CONFIG,
                Type.BOOLEAN,
                CONSUMED_CAPACITY_METRIC_DEFAULT,
                Importance.LOW,
                CONSUMED_CAPACITY_METRIC_DOC,
                GROUP_WRITING,
                ++order,
                Width.SHORT,
                "Consumed capacity metric");

        order = 0;
        def.define(
                RETRY_MAX_ATTEMPTS_CONFIG,
                Type.INT,
                RETRY_MAX_ATTEMPTS_DEFAULT,
                Range.atLeast(1),
                Importance.MEDIUM,
                RETRY_MAX_ATTEMPTS_DOC,
                GROUP_RETRIES,
                ++order,
                Width.SHORT,
                "Attempts without progress");
        def.define(
                RETRY_BACKOFF_MS_CONFIG,
                Type.LONG,
                RETRY_BACKOFF_MS_DEFAULT,
                Range.atLeast(1),
                Importance.LOW,
                RETRY_BACKOFF_MS_DOC,
                GROUP_RETRIES,
                ++order,
                Width.SHORT,
                "Backoff base (ms)");
        def.define(
                RETRY_BACKOFF_MAX_MS_CONFIG,
                Type.LONG,
                RETRY_BACKOFF_MAX_MS_DEFAULT,
                Range.atLeast(1),
                Importance.LOW,
                RETRY_BACKOFF_MAX_MS_DOC,
                GROUP_RETRIES,
                ++order,
                Width.SHORT,
                "Backoff max (ms)");

        order = 0;
        def.define(
                IMPORT_ARN_CONFIG,
                Type.STRING,
                null,
                Importance.LOW,
                IMPORT_ARN_DOC,
                GROUP_ERRORS,
                ++order,
                Width.LONG,
                "Import ARN");
        def.define(
                ERROR_RAW_MAX_BYTES_CONFIG,
                Type.INT,
                ERROR_RAW_MAX_BYTES_DEFAULT,
                Range.atLeast(0),
                Importance.LOW,
                ERROR_RAW_MAX_BYTES_DOC,
                GROUP_ERRORS,
                ++order,
                Width.SHORT,
                "Raw record bytes in errors");
        return def;
    }

    public String tableName() {
        return getString(TABLE_NAME_CONFIG);
    }

    public boolean tableCreate() {
        return getBoolean(TABLE_CREATE_CONFIG);
    }

    /** The parsed table definition, or null when none is configured. */
    public TableCreationParameters tableCreationParameters() {
        String json = blankToNull(getString(TABLE_CREATION_PARAMETERS_CONFIG));
        return json == null ? null : ModelJson.read(json, TableCreationParameters.class);
    }

    public Duration tableActiveTimeout() {
        return Duration.ofMillis(getLong(TABLE_ACTIVE_TIMEOUT_MS_CONFIG));
    }

    /** The region, or null for the SDK's default chain. */
    public String region() {
        return blankToNull(getString(AWS_REGION_CONFIG));
    }

    /** The endpoint override, or null. */
    public URI endpoint() {
        String endpoint = blankToNull(getString(AWS_ENDPOINT_CONFIG));
        return endpoint == null ? null : URI.create(endpoint);
    }

    /** The static access key id, or null for the default credentials chain. */
    public String accessKeyId() {
        return blankToNull(getString(AWS_ACCESS_KEY_ID_CONFIG));
    }

    public Password secretAccessKey() {
        return getPassword(AWS_SECRET_ACCESS_KEY_CONFIG);
    }

    public Password sessionToken() {
        return getPassword(AWS_SESSION_TOKEN_CONFIG);
    }

    public int batchSize() {
        return getInt(BATCH_SIZE_CONFIG);
    }

    public int maxInFlightBatches() {
        return getInt(MAX_IN_FLIGHT_BATCHES_CONFIG);
    }

    public int maxBufferedItems() {
        return getInt(MAX_BUFFERED_ITEMS_CONFIG);
    }

    /** Items or WCU per second, 0 for no limit. */
    public double writeRateLimit() {
        return getDouble(WRITE_RATE_LIMIT_CONFIG);
    }

    public RateUnit writeRateLimitUnit() {
        return RateUnit.valueOf(getString(WRITE_RATE_LIMIT_UNIT_CONFIG));
    }

    public Duration requestTimeout() {
        return Duration.ofMillis(getInt(REQUEST_TIMEOUT_MS_CONFIG));
    }

    public boolean consumedCapacityMetric() {
        return getBoolean(CONSUMED_CAPACITY_METRIC_CONFIG);
    }

    public int retryMaxAttempts() {
        return getInt(RETRY_MAX_ATTEMPTS_CONFIG);
    }

    public long retryBackoffMs() {
        return getLong(RETRY_BACKOFF_MS_CONFIG);
    }

    public long retryBackoffMaxMs() {
        return getLong(RETRY_BACKOFF_MAX_MS_CONFIG);
    }

    /** The import ARN, or null. */
    public String importArn() {
        return blankToNull(getString(IMPORT_ARN_CONFIG));
    }

    public int errorRawMaxBytes() {
        return getInt(ERROR_RAW_MAX_BYTES_CONFIG);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** CreateTable's rule for table names: 3-255 of a-z, A-Z, 0-9, '_', '-', '.'. */
    static final class TableName implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String s = (String) value;
            if (s == null || s.length() < 3 || s.length() > 255) {
                throw new ConfigException(name, value, "must be 3 to 255 characters long");
            }
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z')
                        || (c >= 'A' && c <= 'Z')
                        || (c >= '0' && c <= '9')
                        || c == '_'
                        || c == '-'
                        || c == '.';
                if (!ok) {
                    throw new ConfigException(name, value, "may only hold a-z, A-Z, 0-9, '_', '-' and '.'");
                }
            }
        }

        @Override
        public String toString() {
            return "3-255 of [a-zA-Z0-9_.-]";
        }
    }

    /** TableCreationParameters JSON that names a key schema. */
    static final class TableParametersJson implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String s = (String) value;
            if (s == null || s.isBlank()) {
                return;
            }
            TableCreationParameters params;
            try {
                params = ModelJson.read(s, TableCreationParameters.class);
            } catch (SerializationException e) {
                throw new ConfigException(name, "(JSON)", "is not TableCreationParameters JSON: " + e.getMessage());
            }
            if (params.keySchema() == null
                    || params.keySchema().isEmpty()
                    || params.attributeDefinitions() == null
                    || params.attributeDefinitions().isEmpty()) {
                throw new ConfigException(
                        name, "(JSON)", "must hold KeySchema and AttributeDefinitions (TableCreationParameters)");
            }
        }

        @Override
        public String toString() {
            return "TableCreationParameters JSON";
        }
    }
}
