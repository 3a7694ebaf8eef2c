package dev.ddbimport.source;

import dev.ddbimport.connect.AwsClientConfigs;
import dev.ddbimport.connect.InvalidConfigKey;
import dev.ddbimport.core.compress.Compression;
import dev.ddbimport.core.model.ImportDefinition;
import dev.ddbimport.core.model.InputFormat;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.NonEmptyString;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/** The connector's configuration: one {@link ConfigDef}, typed getters. */
public class S3ImportSourceConfig extends AbstractConfig {

    private static final String GROUP_IMPORT = "Import";
    private static final String GROUP_S3 = "S3";
    private static final String GROUP_FORMAT = "Format";
    private static final String GROUP_LIMITS = "Limits";
    private static final String GROUP_KAFKA = "Kafka";

    public static final String IMPORT_ID_CONFIG = "import.id";
    private static final String IMPORT_ID_DOC = "The import's id. Part of every source partition and chunk header, so"
            + " two imports never share offsets.";

    public static final String TOPIC_CONFIG = "topic";
    private static final String TOPIC_DOC = "The topic chunk records are written to.";

    public static final String S3_BUCKET_CONFIG = "s3.bucket";
    private static final String S3_BUCKET_DOC = "The bucket holding the source objects (ImportTable's S3Bucket).";

    public static final String S3_PREFIX_CONFIG = "s3.prefix";
    private static final String S3_PREFIX_DOC = "The key prefix (ImportTable's S3KeyPrefix), matched as a raw string:"
            + " 'data' also matches 'data2/x', and an exact object key selects that object. Empty: the whole bucket.";
    public static final String S3_PREFIX_DEFAULT = "";

    public static final String S3_EXPECTED_BUCKET_OWNER_CONFIG = "s3.expected.bucket.owner";
    private static final String S3_EXPECTED_BUCKET_OWNER_DOC = "The 12-digit AWS account id that must own the"
            + " bucket (ImportTable's S3BucketOwner); sent as ExpectedBucketOwner on every request when set.";

    public static final String S3_REGION_CONFIG = "s3.region";
    private static final String S3_REGION_DOC =
            "The bucket's region. Empty: the SDK's default region chain (AWS_REGION, profile, instance metadata).";

    public static final String S3_ENDPOINT_CONFIG = "s3.endpoint";
    private static final String S3_ENDPOINT_DOC = "Endpoint override, e.g. http://localhost:9000 for an"
            + " S3-compatible server. Empty: AWS's endpoint for the region.";

    public static final String S3_PATH_STYLE_CONFIG = "s3.path.style";
    private static final String S3_PATH_STYLE_DOC =
            "Address buckets as a path (http://host/bucket/key) instead of a host name; most S3-compatible servers need it.";
    public static final boolean S3_PATH_STYLE_DEFAULT = false;

    /** Static credentials; {@link AwsClientConfigs#defineStaticCredentials} defines and documents them. */
    public static final String S3_ACCESS_KEY_ID_CONFIG = "s3.access.key.id";

    public static final String S3_SECRET_ACCESS_KEY_CONFIG = "s3.secret.access.key";
    public static final String S3_SESSION_TOKEN_CONFIG = "s3.session.token";

    public static final String INPUT_FORMAT_CONFIG = "input.format";
    private static final String INPUT_FORMAT_DOC = "The objects' format (ImportTable's InputFormat): CSV, DYNAMODB_JSON"
            + " or ION. Decides how records are framed: CSV is quote-aware, the others are one record per line.";

    public static final String INPUT_COMPRESSION_CONFIG = "input.compression";
    private static final String INPUT_COMPRESSION_DOC =
            "How every object is compressed (ImportTable's InputCompressionType): NONE, GZIP or ZSTD.";
    public static final String INPUT_COMPRESSION_DEFAULT = "NONE";

    public static final String CSV_DELIMITER_CONFIG = "csv.delimiter";
    private static final String CSV_DELIMITER_DOC = "The CSV field delimiter: one ASCII character other than a quote"
            + " or a line break (ImportTable's Csv.Delimiter).";
    public static final String CSV_DELIMITER_DEFAULT = ",";

    public static final String CSV_HEADER_LIST_CONFIG = "csv.header.list";
    private static final String CSV_HEADER_LIST_DOC = "Column names (ImportTable's Csv.HeaderList). Empty: every"
            + " object's first line is its header, sent with each chunk as the ddbimport.csv.header header.";

    public static final String CHUNK_BYTES_CONFIG = "chunk.bytes";
    private static final String CHUNK_BYTES_DOC = "Upper bound of a chunk record's value. A chunk holds whole records"
            + " only; one record larger than this is sent as a chunk of its own.";
    public static final int CHUNK_BYTES_DEFAULT = 512 * 1024;

    public static final String RECORD_MAX_BYTES_CONFIG = "record.max.bytes";
    private static final String RECORD_MAX_BYTES_DOC = "A record longer than this becomes a RECORD_TOO_LARGE error"
            + " marker instead of data. The chunks topic's max.message.bytes and the producer's max.request.size"
            + " must hold one such record plus the CSV header (see the README).";
    public static final int RECORD_MAX_BYTES_DEFAULT = Math.toIntExact(ImportDefinition.DEFAULT_MAX_RECORD_BYTES);

    public static final String OBJECTS_MAX_CONFIG = "objects.max";
    private static final String OBJECTS_MAX_DOC = "The most objects one import may read; more fails the connector at"
            + " start (DynamoDB's limit is 50,000).";
    public static final int OBJECTS_MAX_DEFAULT = 50_000;

    public static final String MAX_UNCOMPRESSED_BYTES_CONFIG = "max.uncompressed.bytes.per.object";
    private static final String MAX_UNCOMPRESSED_BYTES_DOC = "Decompressed bytes allowed per object; past it the"
            + " object ends with an UNCOMPRESSED_LIMIT_EXCEEDED error marker (decompression-bomb guard).";
    public static final long MAX_UNCOMPRESSED_BYTES_DEFAULT =
            ImportDefinition.DEFAULT_MAX_UNCOMPRESSED_BYTES_PER_OBJECT;

    public static final String KAFKA_BOOTSTRAP_SERVERS_CONFIG = "kafka.bootstrap.servers";
    private static final String KAFKA_BOOTSTRAP_SERVERS_DOC = "Bootstrap servers of the cluster holding the manifest"
            + " topic (normally the worker's own). Further client settings (security) go under the prefix "
            + "'kafka.client.', e.g. kafka.client.security.protocol.";

    public static final String KAFKA_CLIENT_PREFIX = "kafka.client.";

    public static final String MANIFEST_TOPIC_CONFIG = "manifest.topic";
    private static final String MANIFEST_TOPIC_DOC = "Compacted topic holding each import's fixed object listing."
            + " Empty: '<topic>.manifest'. Created (cleanup.policy=compact) when missing.";

    public static final String MANIFEST_REPLICATION_FACTOR_CONFIG = "manifest.replication.factor";
    private static final String MANIFEST_REPLICATION_FACTOR_DOC =
            "Replication factor when the connector creates the manifest topic; -1 for the broker's default.";
    public static final short MANIFEST_REPLICATION_FACTOR_DEFAULT = -1;

    public static final String TRANSACTION_CHUNKS_CONFIG = "transaction.chunks";
    private static final String TRANSACTION_CHUNKS_DOC = "With exactly-once support and"
            + " transaction.boundary=connector: commit a transaction after this many chunks and at the end of each object.";
    public static final int TRANSACTION_CHUNKS_DEFAULT = 64;

    public static final ConfigDef CONFIG_DEF = configDef();

    public S3ImportSourceConfig(Map<String, String> props) {
        this(CONFIG_DEF, props);
    }

    protected S3ImportSourceConfig(ConfigDef def, Map<String, String> props) {
        super(def, props);
        String delimiter = getString(CSV_DELIMITER_CONFIG);
        AwsClientConfigs.requireBothOrNeither(this, S3_ACCESS_KEY_ID_CONFIG, S3_SECRET_ACCESS_KEY_CONFIG);
        if (inputFormat() != InputFormat.CSV && !getList(CSV_HEADER_LIST_CONFIG).isEmpty()) {
            throw new InvalidConfigKey(
                    CSV_HEADER_LIST_CONFIG, getList(CSV_HEADER_LIST_CONFIG), "is only allowed with input.format CSV");
        }
        if (inputFormat() != InputFormat.CSV && !CSV_DELIMITER_DEFAULT.equals(delimiter)) {
            throw new InvalidConfigKey(CSV_DELIMITER_CONFIG, delimiter, "is only allowed with input.format CSV");
        }
    }

    private static ConfigDef configDef() {
        ConfigDef def = new ConfigDef();
        int order = 0;
        def.define(
                IMPORT_ID_CONFIG,
                Type.STRING,
                ConfigDef.NO_DEFAULT_VALUE,
                new NonEmptyString(),
                Importance.HIGH,
                IMPORT_ID_DOC,
                GROUP_IMPORT,
                ++order,
                Width.MEDIUM,
                "Import id");
        def.define(
                TOPIC_CONFIG,
                Type.STRING,
                ConfigDef.NO_DEFAULT_VALUE,
                new NonEmptyString(),
                Importance.HIGH,
                TOPIC_DOC,
                GROUP_IMPORT,
                ++order,
                Width.LONG,
                "Chunks topic");

        order = 0;
        def.define(
                S3_BUCKET_CONFIG,
                Type.STRING,
                ConfigDef.NO_DEFAULT_VALUE,
                new NonEmptyString(),
                Importance.HIGH,
                S3_BUCKET_DOC,
                GROUP_S3,
                ++order,
                Width.MEDIUM,
                "Bucket");
        def.define(
                S3_PREFIX_CONFIG,
                Type.STRING,
                S3_PREFIX_DEFAULT,
                Importance.HIGH,
                S3_PREFIX_DOC,
                GROUP_S3,
                ++order,
                Width.LONG,
                "Key prefix");
        def.define(
                S3_EXPECTED_BUCKET_OWNER_CONFIG,
                Type.STRING,
                null,
                new AccountId(),
                Importance.MEDIUM,
                S3_EXPECTED_BUCKET_OWNER_DOC,
                GROUP_S3,
                ++order,
                Width.SHORT,
                "Expected bucket owner");
        def.define(
                S3_REGION_CONFIG,
                Type.STRING,
                null,
                Importance.MEDIUM,
                S3_REGION_DOC,
                GROUP_S3,
                ++order,
                Width.SHORT,
                "Region");
        def.define(
                S3_ENDPOINT_CONFIG,
                Type.STRING,
                null,
                AwsClientConfigs.endpointUri(),
                Importance.LOW,
                S3_ENDPOINT_DOC,
                GROUP_S3,
                ++order,
                Width.LONG,
                "Endpoint override");
        def.define(
                S3_PATH_STYLE_CONFIG,
                Type.BOOLEAN,
                S3_PATH_STYLE_DEFAULT,
                Importance.LOW,
                S3_PATH_STYLE_DOC,
                GROUP_S3,
                ++order,
                Width.SHORT,
                "Path-style access");
        order = AwsClientConfigs.defineStaticCredentials(
                def, S3_ACCESS_KEY_ID_CONFIG, S3_SECRET_ACCESS_KEY_CONFIG, S3_SESSION_TOKEN_CONFIG, GROUP_S3, order);

        order = 0;
        def.define(
                INPUT_FORMAT_CONFIG,
                Type.STRING,
                ConfigDef.NO_DEFAULT_VALUE,
                ValidString.in(names(InputFormat.values())),
                Importance.HIGH,
                INPUT_FORMAT_DOC,
                GROUP_FORMAT,
                ++order,
                Width.SHORT,
                "Input format");
        def.define(
                INPUT_COMPRESSION_CONFIG,
                Type.STRING,
                INPUT_COMPRESSION_DEFAULT,
                ValidString.in(names(Compression.values())),
                Importance.HIGH,
                INPUT_COMPRESSION_DOC,
                GROUP_FORMAT,
                ++order,
                Width.SHORT,
                "Input compression");
        def.define(
                CSV_DELIMITER_CONFIG,
                Type.STRING,
                CSV_DELIMITER_DEFAULT,
                new CsvDelimiter(),
                Importance.MEDIUM,
                CSV_DELIMITER_DOC,
                GROUP_FORMAT,
                ++order,
                Width.SHORT,
                "CSV delimiter");
        def.define(
                CSV_HEADER_LIST_CONFIG,
                Type.LIST,
                List.of(),
                Importance.MEDIUM,
                CSV_HEADER_LIST_DOC,
                GROUP_FORMAT,
                ++order,
                Width.LONG,
                "CSV header list");

        order = 0;
        def.define(
                CHUNK_BYTES_CONFIG,
                Type.INT,
                CHUNK_BYTES_DEFAULT,
                Range.between(1024, 64 * 1024 * 1024),
                Importance.MEDIUM,
                CHUNK_BYTES_DOC,
                GROUP_LIMITS,
                ++order,
                Width.SHORT,
                "Chunk bytes");
        def.define(
                RECORD_MAX_BYTES_CONFIG,
                Type.INT,
                RECORD_MAX_BYTES_DEFAULT,
                Range.between(1, 64 * 1024 * 1024),
                Importance.MEDIUM,
                RECORD_MAX_BYTES_DOC,
                GROUP_LIMITS,
                ++order,
                Width.SHORT,
                "Record max bytes");
        def.define(
                OBJECTS_MAX_CONFIG,
                Type.INT,
                OBJECTS_MAX_DEFAULT,
                Range.atLeast(1),
                Importance.MEDIUM,
                OBJECTS_MAX_DOC,
                GROUP_LIMITS,
                ++order,
                Width.SHORT,
                "Max objects");
        def.define(
                MAX_UNCOMPRESSED_BYTES_CONFIG,
                Type.LONG,
                MAX_UNCOMPRESSED_BYTES_DEFAULT,
                Range.atLeast(1),
                Importance.LOW,
                MAX_UNCOMPRESSED_BYTES_DOC,
                GROUP_LIMITS,
                ++order,
                Width.SHORT,
                "Max uncompressed bytes per object");

        order = 0;
        def.define(
                KAFKA_BOOTSTRAP_SERVERS_CONFIG,
                Type.STRING,
                ConfigDef.NO_DEFAULT_VALUE,
                new NonEmptyString(),
                Importance.HIGH,
                KAFKA_BOOTSTRAP_SERVERS_DOC,
                GROUP_KAFKA,
                ++order,
                Width.LONG,
                "Bootstrap servers");
        def.define(
                MANIFEST_TOPIC_CONFIG,
                Type.STRING,
                null,
                Importance.MEDIUM,
                MANIFEST_TOPIC_DOC,
                GROUP_KAFKA,
                ++order,
                Width.LONG,
                "Manifest topic");
        def.define(
                MANIFEST_REPLICATION_FACTOR_CONFIG,
                Type.SHORT,
                MANIFEST_REPLICATION_FACTOR_DEFAULT,
                new ReplicationFactor(),
                Importance.LOW,
                MANIFEST_REPLICATION_FACTOR_DOC,
                GROUP_KAFKA,
                ++order,
                Width.SHORT,
                "Manifest replication factor");
        def.define(
                TRANSACTION_CHUNKS_CONFIG,
                Type.INT,
                TRANSACTION_CHUNKS_DEFAULT,
                Range.atLeast(1),
                Importance.LOW,
                TRANSACTION_CHUNKS_DOC,
                GROUP_KAFKA,
                ++order,
                Width.SHORT,
                "Chunks per transaction");
        return def;
    }

    private static String[] names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toArray(String[]::new);
    }

    public String importId() {
        return getString(IMPORT_ID_CONFIG);
    }

    public String topic() {
        return getString(TOPIC_CONFIG);
    }

    public String bucket() {
        return getString(S3_BUCKET_CONFIG);
    }

    public String prefix() {
        return getString(S3_PREFIX_CONFIG);
    }

    /** The expected bucket owner, or null. */
    public String expectedBucketOwner() {
        return getString(S3_EXPECTED_BUCKET_OWNER_CONFIG);
    }

    /** The region, or null for the SDK's default chain. */
    public String region() {
        return blankToNull(getString(S3_REGION_CONFIG));
    }

    /** The endpoint override, or null. */
    public URI endpoint() {
        String endpoint = blankToNull(getString(S3_ENDPOINT_CONFIG));
        return endpoint == null ? null : URI.create(endpoint);
    }

    public boolean pathStyle() {
        return getBoolean(S3_PATH_STYLE_CONFIG);
    }

    /** The static access key id, or null for the default credentials chain. */
    public String accessKeyId() {
        return blankToNull(getString(S3_ACCESS_KEY_ID_CONFIG));
    }

    public Password secretAccessKey() {
        return getPassword(S3_SECRET_ACCESS_KEY_CONFIG);
    }

    public Password sessionToken() {
        return getPassword(S3_SESSION_TOKEN_CONFIG);
    }

    public InputFormat inputFormat() {
        return InputFormat.valueOf(getString(INPUT_FORMAT_CONFIG));
    }

    public Compression compression() {
        return Compression.valueOf(getString(INPUT_COMPRESSION_CONFIG));
    }

    public char csvDelimiter() {
        return getString(CSV_DELIMITER_CONFIG).charAt(0);
    }

    /** True when each object's first line is its CSV header (CSV without a header list). */
    public boolean csvHeaderLine() {
        return inputFormat() == InputFormat.CSV
                && getList(CSV_HEADER_LIST_CONFIG).isEmpty();
    }

    public int chunkBytes() {
        return getInt(CHUNK_BYTES_CONFIG);
    }

    public int recordMaxBytes() {
        return getInt(RECORD_MAX_BYTES_CONFIG);
    }

    public int objectsMax() {
        return getInt(OBJECTS_MAX_CONFIG);
    }

    public long maxUncompressedBytesPerObject() {
        return getLong(MAX_UNCOMPRESSED_BYTES_CONFIG);
    }

    public String bootstrapServers() {
        return getString(KAFKA_BOOTSTRAP_SERVERS_CONFIG);
    }

    /** Client settings for the manifest's admin, producer and consumer. */
    public Map<String, Object> kafkaClientProps() {
        Map<String, Object> props = originalsWithPrefix(KAFKA_CLIENT_PREFIX);
        props.put("bootstrap.servers", bootstrapServers());
        return props;
    }

    public String manifestTopic() {
        String topic = blankToNull(getString(MANIFEST_TOPIC_CONFIG));
        return topic == null ? topic() + ".manifest" : topic;
    }

    public short manifestReplicationFactor() {
        return getShort(MANIFEST_REPLICATION_FACTOR_CONFIG);
    }

    public int transactionChunks() {
        return getInt(TRANSACTION_CHUNKS_CONFIG);
    }

    /**
     * The largest chunk record this configuration can produce, in bytes: the value bound or one
     * maximal record, plus the CSV header (as large as a record) and an allowance for the other headers.
     */
    public long largestChunkRecordBytes() {
        long value = Math.max(chunkBytes(), (long) recordMaxBytes() + 32);
        long header = csvHeaderLine() ? recordMaxBytes() : 0;
        return value + header + 16 * 1024;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** ExpectedBucketOwner: twelve digits, as S3 requires. */
    static final class AccountId implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                return;
            }
            String s = (String) value;
            if (s.length() != 12 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new ConfigException(name, value, "must be a 12-digit AWS account id");
            }
        }

        @Override
        public String toString() {
            return "12-digit AWS account id";
        }
    }

    /** One ASCII character other than a quote, CR or LF, as the CSV framer accepts. */
    static final class CsvDelimiter implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String s = (String) value;
            if (s == null || s.length() != 1) {
                throw new ConfigException(name, value, "must be exactly one character");
            }
            char c = s.charAt(0);
            if (c >= 0x80 || c == '"' || c == '\n' || c == '\r') {
                throw new ConfigException(name, value, "must be an ASCII character other than a quote, CR or LF");
            }
        }

        @Override
        public String toString() {
            return "one ASCII character, not '\"', CR or LF";
        }
    }

    /** -1 (broker default) or at least 1. */
    static final class ReplicationFactor implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            short v = (Short) value;
            if (v != -1 && v < 1) {
                throw new ConfigException(name, value, "must be -1 (broker default) or at least 1");
            }
        }

        @Override
        public String toString() {
            return "-1 or [1,...]";
        }
    }
}
