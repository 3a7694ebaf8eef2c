package dev.ddbimport.sink;

import dev.ddbimport.connect.ConnectorValidation;
import dev.ddbimport.connect.ProjectVersion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/**
 * Writes an import's item records into its DynamoDB table. At start it creates the table when {@code
 * table.create} is set (and waits until it is ACTIVE); the tasks share the items topic's partitions.
 */
public class DynamoDbSinkConnector extends SinkConnector {

    private static final Logger log = LoggerFactory.getLogger(DynamoDbSinkConnector.class);

    static final String VERSION = ProjectVersion.get();
    static final String BYTE_ARRAY_CONVERTER = ConnectorValidation.BYTE_ARRAY_CONVERTER;
    /** Set on each task's config: the task's index, for its metrics name. */
    static final String TASK_INDEX_CONFIG = "task.index";

    private static final String ERRORS_TOLERANCE_CONFIG = "errors.tolerance";

    private Map<String, String> props;

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
        DynamoDbSinkConfig config = new DynamoDbSinkConfig(props);
        if (config.tableCreate()) {
            try (DynamoDbAsyncClient client = DynamoDbClientFactory.create(config)) {
                new TableProvisioner(client, config.tableName(), config.tableActiveTimeout())
                        .createIfAbsent(config.tableCreationParameters());
            }
            log.info("Table {} is ACTIVE", config.tableName());
        }
    }

    @Override
    public Class<? extends Task> taskClass() {
        return DynamoDbSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        for (int i = 0; i < maxTasks; i++) {
            Map<String, String> task = new HashMap<>(props);
            task.put(TASK_INDEX_CONFIG, Integer.toString(i));
            configs.add(task);
        }
        return configs;
    }

    @Override
    public void stop() {
        // nothing held between calls
    }

    /**
     * The sink's only progress is its consumer group's offsets; nothing is kept elsewhere. So any new
     * offset is fine: a rewind writes items again (idempotently, in per-key order), a skip leaves them out.
     */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<TopicPartition, Long> offsets) {
        return true;
    }

    @Override
    public ConfigDef config() {
        return DynamoDbSinkConfig.CONFIG_DEF;
    }

    /**
     * Adds the checks that span keys: the byte converters the item and error record contracts need, a
     * dead letter queue that can take refused items, and the key pairs the config class enforces.
     */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        ConnectorValidation validation = ConnectorValidation.of(super.validate(connectorConfigs));
        validation.requireByteArrayConverters(connectorConfigs, "item records and error records are raw bytes");
        String deadLetterTopic = connectorConfigs.get(DynamoDbSinkTask.DLQ_TOPIC_CONFIG);
        String tolerance = connectorConfigs.getOrDefault(ERRORS_TOLERANCE_CONFIG, "none");
        if (deadLetterTopic != null && !deadLetterTopic.isBlank() && !"all".equals(tolerance)) {
            validation.addError(
                    ERRORS_TOLERANCE_CONFIG,
                    ERRORS_TOLERANCE_CONFIG + " must be all when " + DynamoDbSinkTask.DLQ_TOPIC_CONFIG
                            + " is set: with " + tolerance + " the first item DynamoDB refuses fails the task instead"
                            + " of reaching the error topic");
        }
        validation.checkKeyRules(() -> new DynamoDbSinkConfig(connectorConfigs));
        return validation.config();
    }
}
