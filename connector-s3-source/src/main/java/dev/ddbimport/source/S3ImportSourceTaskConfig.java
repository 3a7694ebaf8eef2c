package dev.ddbimport.source;

import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/** A task's configuration: the connector's, plus which share of the listing is the task's. */
public final class S3ImportSourceTaskConfig extends S3ImportSourceConfig {

    public static final String TASK_INDEX_CONFIG = "task.index";
    private static final String TASK_INDEX_DOC = "This task's index, 0-based (set by the connector).";

    public static final String TASK_COUNT_CONFIG = "task.count";
    private static final String TASK_COUNT_DOC = "How many tasks share the listing (set by the connector).";

    static final ConfigDef TASK_CONFIG_DEF = new ConfigDef(CONFIG_DEF)
            .define(
                    TASK_INDEX_CONFIG,
                    Type.INT,
                    ConfigDef.NO_DEFAULT_VALUE,
                    Range.atLeast(0),
                    Importance.HIGH,
                    TASK_INDEX_DOC)
            .define(
                    TASK_COUNT_CONFIG,
                    Type.INT,
                    ConfigDef.NO_DEFAULT_VALUE,
                    Range.atLeast(1),
                    Importance.HIGH,
                    TASK_COUNT_DOC);

    public S3ImportSourceTaskConfig(Map<String, String> props) {
        super(TASK_CONFIG_DEF, props);
        if (taskIndex() >= taskCount()) {
            throw new ConfigException(TASK_INDEX_CONFIG, taskIndex(), "must be less than " + TASK_COUNT_CONFIG);
        }
    }

    public int taskIndex() {
        return getInt(TASK_INDEX_CONFIG);
    }

    public int taskCount() {
        return getInt(TASK_COUNT_CONFIG);
    }
}
