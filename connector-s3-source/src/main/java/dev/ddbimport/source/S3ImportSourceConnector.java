package dev.ddbimport.source;

import dev.ddbimport.connect.ConnectorValidation;
import dev.ddbimport.connect.ProjectVersion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Reads an S3 prefix into chunk records. At start it fixes the import's listing (listing S3 once and
 * keeping the result in the manifest topic, or reading it back after a restart); each task then takes
 * a byte-balanced share of it, computed from the manifest, so task configs stay small.
 */
public class S3ImportSourceConnector extends SourceConnector {

    private static final Logger log = LoggerFactory.getLogger(S3ImportSourceConnector.class);

    static final String VERSION = ProjectVersion.get();
    static final String BYTE_ARRAY_CONVERTER = ConnectorValidation.BYTE_ARRAY_CONVERTER;
    private static final String MAX_REQUEST_SIZE_OVERRIDE = "producer.override.max.request.size";

    private Map<String, String> props;
    private int objectCount;

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
        S3ImportSourceConfig config = new S3ImportSourceConfig(props);
        ManifestTopic manifest = new ManifestTopic(config.kafkaClientProps(), config.manifestTopic());
        manifest.ensureExists(config.manifestReplicationFactor());
        List<ListedObject> listing = manifest.read(config.importId()).orElse(null);
        if (listing == null) {
            try (S3Client s3 = S3ClientFactory.create(config, null)) {
                listing = new ObjectLister(s3, config.bucket(), config.expectedBucketOwner())
                        .list(config.prefix(), config.objectsMax());
            }
            manifest.write(config.importId(), config.bucket(), config.prefix(), listing);
            log.info(
                    "Import {}: listing done: {} objects, {} bytes under s3://{}/{}",
                    config.importId(),
                    listing.size(),
                    listing.stream().mapToLong(ListedObject::size).sum(),
                    config.bucket(),
                    config.prefix());
        } else {
            log.info("Import {}: using its fixed listing of {} objects", config.importId(), listing.size());
        }
        objectCount = listing.size();
    }

    @Override
    public Class<? extends Task> taskClass() {
        return S3ImportSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        int tasks = Math.max(1, Math.min(maxTasks, objectCount));
        List<Map<String, String>> configs = new ArrayList<>(tasks);
        for (int i = 0; i < tasks; i++) {
            Map<String, String> task = new HashMap<>(props);
            task.put(S3ImportSourceTaskConfig.TASK_INDEX_CONFIG, Integer.toString(i));
            task.put(S3ImportSourceTaskConfig.TASK_COUNT_CONFIG, Integer.toString(tasks));
            configs.add(task);
        }
        return configs;
    }

    @Override
    public void stop() {
        // nothing held between calls
    }

    @Override
    public ConfigDef config() {
        return S3ImportSourceConfig.CONFIG_DEF;
    }

    /**
     * Adds the checks that span keys: the byte converters the chunk contract needs, the key pairs the
     * config class enforces, and that the largest chunk record fits the producer's request size.
     */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        ConnectorValidation validation = ConnectorValidation.of(super.validate(connectorConfigs));
        validation.requireByteArrayConverters(connectorConfigs, "chunk keys, values and headers are raw bytes");
        validation.checkKeyRules(() -> {
            S3ImportSourceConfig parsed = new S3ImportSourceConfig(connectorConfigs);
            String maxRequest = connectorConfigs.get(MAX_REQUEST_SIZE_OVERRIDE);
            if (maxRequest == null) {
                return;
            }
            long limit;
            try {
                limit = Long.parseLong(maxRequest.trim());
            } catch (NumberFormatException e) {
                validation.addError(
                        MAX_REQUEST_SIZE_OVERRIDE, MAX_REQUEST_SIZE_OVERRIDE + " must be a number: " + e.getMessage());
                return;
            }
            if (parsed.largestChunkRecordBytes() > limit) {
                validation.addError(
                        S3ImportSourceConfig.RECORD_MAX_BYTES_CONFIG,
                        S3ImportSourceConfig.RECORD_MAX_BYTES_CONFIG + " and " + S3ImportSourceConfig.CHUNK_BYTES_CONFIG
                                + " allow chunk records of up to " + parsed.largestChunkRecordBytes() + " bytes, more"
                                + " than " + MAX_REQUEST_SIZE_OVERRIDE + "=" + limit
                                + "; lower them or raise the producer's (and the topic's) limit");
            }
        });
        return validation.config();
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        // offsets are exact per chunk and a restarted task resends nothing after its committed offset
        return ExactlyOnceSupport.SUPPORTED;
    }

    @Override
    public ConnectorTransactionBoundaries canDefineTransactionBoundaries(Map<String, String> connectorConfig) {
        return ConnectorTransactionBoundaries.SUPPORTED;
    }

    /**
     * Accepts offsets only in this connector's shape: partition {import, object} of this import, offset
     * {itemIndex, bytes, chunk, done} or null (reset: the object is read again from its start).
     */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        String importId = connectorConfig.get(S3ImportSourceConfig.IMPORT_ID_CONFIG);
        for (Map.Entry<Map<String, ?>, Map<String, ?>> e : offsets.entrySet()) {
            ObjectPartition partition = ObjectPartition.fromMap(e.getKey());
            if (importId != null && !importId.equals(partition.importId())) {
                throw new ConnectException("Source partition " + e.getKey() + " belongs to import "
                        + partition.importId() + ", not to this connector's import " + importId);
            }
            if (e.getValue() != null) {
                ObjectOffset.fromMap(e.getValue());
            }
        }
        return true;
    }
}
