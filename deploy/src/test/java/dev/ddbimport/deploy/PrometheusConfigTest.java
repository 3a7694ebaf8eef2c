package dev.ddbimport.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ddbimport.core.error.ErrorCode;
import dev.ddbimport.transform.StreamTransformApp;
import dev.ddbimport.transform.StreamTransformSettings;
import dev.ddbimport.transform.TransformListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.apache.kafka.clients.consumer.internals.FetchMetricsRegistry;
import org.apache.kafka.common.MetricNameTemplate;
import org.apache.kafka.connect.runtime.ConnectMetricsRegistry;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks {@code deploy/prometheus/prometheus.yml} and {@code alerts.yml}: the scrape targets are the compose
 * stack's metrics endpoints, and every metric an alert names is one that really exists. For the transform,
 * "exists" means its code registers the meter (a real Micrometer Prometheus registry, scraped); for Connect,
 * that the JMX exporter rules in {@code deploy/docker/connect/jmx-exporter.yml}, applied the way the exporter
 * applies them, produce the name from an MBean the worker really has (Kafka's own metric templates and our
 * connectors' MXBean interfaces). A renamed meter or rule then fails here rather than silencing an alert.
 */
class PrometheusConfigTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path REPO = repositoryRoot();
    private static final Path PROMETHEUS = REPO.resolve("deploy/prometheus/prometheus.yml");
    private static final Path ALERTS = REPO.resolve("deploy/prometheus/alerts.yml");
    private static final Path JMX_RULES = REPO.resolve("deploy/docker/connect/jmx-exporter.yml");

    /** Series every Prometheus target has without any exporter. */
    private static final Set<String> SYNTHETIC = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped");

    private static Set<String> transformNames;
    private static Set<String> connectNames;

    @TempDir
    static Path stateDir;

    @BeforeAll
    static void collectMetricNames() throws Exception {
        transformNames = TransformMeters.names(stateDir);
        connectNames = JmxExporterRules.load(JMX_RULES).exportedNames(ConnectBeans.all());
    }

    @Test
    void shouldScrapeConnectAndBothTransformInstances() throws IOException {
        JsonNode config = YAML.readTree(PROMETHEUS.toFile());
        Map<String, List<String>> targets = new LinkedHashMap<>();
        Map<String, String> paths = new LinkedHashMap<>();
        for (JsonNode job : config.path("scrape_configs")) {
            String name = job.path("job_name").asText();
            List<String> t = new ArrayList<>();
            for (JsonNode sc : job.path("static_configs")) {
                sc.path("targets").forEach(n -> t.add(n.asText()));
            }
            targets.put(name, t);
            paths.put(name, job.path("metrics_path").asText("/metrics"));
        }
        assertEquals(List.of("connect:9404"), targets.get("kafka-connect"), "Connect's JMX exporter agent");
        assertEquals(
                List.of("transform-1:8080", "transform-2:8080"),
                targets.get("ddbimport-transform"),
                "the two transform containers' /metrics");
        assertEquals("/metrics", paths.get("ddbimport-transform"));
        List<String> ruleFiles = new ArrayList<>();
        config.path("rule_files").forEach(n -> ruleFiles.add(n.asText()));
        assertEquals(List.of("alerts.yml"), ruleFiles, "the alert rules next to it");
    }

    @Test
    void shouldNameOnlyMetricsThatExistInEveryAlert() throws IOException {
        List<JsonNode> alerts = alerts();
        assertFalse(alerts.isEmpty(), "alerts.yml has no alert rules");
        for (JsonNode alert : alerts) {
            String name = alert.path("alert").asText();
            String expr = alert.path("expr").asText();
            Set<String> metrics = PromQl.metricNames(expr);
            assertFalse(metrics.isEmpty(), name + ": no metric found in '" + expr + "'");
            for (String metric : metrics) {
                assertTrue(
                        SYNTHETIC.contains(metric) || transformNames.contains(metric) || connectNames.contains(metric),
                        name + " uses " + metric + ", which neither the transform registers nor the JMX exporter rules"
                                + " produce. Transform meters: " + matching(transformNames, metric)
                                + "; Connect names: " + matching(connectNames, metric));
            }
        }
    }

    @Test
    void shouldGiveEveryAlertASeverityASummaryAndADuration() throws IOException {
        Set<String> names = new TreeSet<>();
        for (JsonNode alert : alerts()) {
            String name = alert.path("alert").asText();
            assertTrue(names.add(name), "alert " + name + " is defined twice");
            assertTrue(
                    Set.of("critical", "warning", "info")
                            .contains(alert.path("labels").path("severity").asText()),
                    name + ": labels.severity must be critical, warning or info");
            assertFalse(alert.path("annotations").path("summary").asText().isBlank(), name + ": no summary");
            assertTrue(alert.path("for").asText().matches("\\d+[smh]"), name + ": 'for' must be a duration");
        }
    }

    @Test
    void shouldReadMetricNamesOutOfPromQl() {
        assertEquals(
                Set.of("a_total", "b"),
                PromQl.metricNames("sum by (import, code) (rate(a_total{job=\"x\", code!~\"y\"}[5m])) > on(import)"
                        + " group_left max without (task) (b) and 3 > 2"));
        assertEquals(Set.of("up"), PromQl.metricNames("up{job=\"kafka-connect\"} == 0"));
    }

    @Test
    void shouldNameJmxBeansAsTheExporterDoes() throws Exception {
        JmxExporterRules rules = JmxExporterRules.parse(YAML.readTree("""
                lowercaseOutputName: true
                rules:
                  - pattern: 'dev.ddbimport.sink<type=DynamoDbSinkTask, connector="?([^",]+)"?, task="?(\\d+)"?><>(\\w+)'
                    name: ddbimport_sink_$3
                    type: COUNTER
                    labels:
                      connector: "$1"
                  - pattern: 'kafka.connect<type=connector-task-metrics, connector=(.+), task=(.+)><>status: (\\w+)'
                    name: kafka_connect_task_status
                    value: 1
                  - pattern: 'kafka.connect<type=connect-worker-rebalance-metrics><>([a-z-]+)'
                    name: kafka_connect_rebalance_$1
                    type: GAUGE
                  - pattern: 'kafka.connect<type=(.+)><>(.+)'
                """));
        Set<String> names = rules.exportedNames(List.of(
                new Bean(
                        new ObjectName("dev.ddbimport.sink:type=DynamoDbSinkTask,connector=\"c\",task=\"0\""),
                        "ItemsWritten"),
                new Bean(new ObjectName("kafka.connect:type=connect-worker-metrics"), "task-count"),
                new Bean(
                        new ObjectName("kafka.connect:type=connect-worker-rebalance-metrics"),
                        "completed-rebalances-total"),
                new Bean(
                        new ObjectName("kafka.connect:type=connector-task-metrics,connector=c,task=0"),
                        "status",
                        "running"),
                new Bean(new ObjectName("kafka.connect:type=connector-metrics,connector=c"), "connector-class", "C"),
                new Bean(new ObjectName("kafka.consumer:type=consumer-metrics,client-id=x"), "x")));
        assertEquals(
                Set.of(
                        "ddbimport_sink_itemswritten_total",
                        "kafka_connect_connect_worker_metrics_task_count",
                        "kafka_connect_rebalance_completed_rebalances",
                        "kafka_connect_task_status"),
                names);
    }

    private static List<JsonNode> alerts() throws IOException {
        List<JsonNode> alerts = new ArrayList<>();
        for (JsonNode group : YAML.readTree(ALERTS.toFile()).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (rule.has("alert")) {
                    alerts.add(rule);
                }
            }
        }
        return alerts;
    }

    /** Known names sharing the metric's first two words, to make a failure easy to fix. */
    private static Set<String> matching(Set<String> known, String metric) {
        String[] words = metric.split("_");
        String prefix = words.length > 1 ? words[0] + "_" + words[1] : words[0];
        return known.stream().filter(n -> n.startsWith(prefix)).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("deploy/prometheus"))) {
                return p;
            }
        }
        throw new IllegalStateException("No deploy/prometheus above " + dir + ": run the test from the repository");
    }

    /** Metric names an expression selects: identifiers that are neither functions, keywords nor label names. */
    static final class PromQl {

        private static final Set<String> KEYWORDS = Set.of(
                "by",
                "without",
                "on",
                "ignoring",
                "group_left",
                "group_right",
                "and",
                "or",
                "unless",
                "bool",
                "offset",
                "sum",
                "min",
                "max",
                "avg",
                "count",
                "stddev",
                "stdvar",
                "topk",
                "bottomk",
                "quantile",
                "count_values",
                "group",
                "inf",
                "nan");
        private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
        private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
        private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
        private static final Pattern GROUPING =
                Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
        private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(\\s*\\()?");

        private PromQl() {}

        static Set<String> metricNames(String expr) {
            String s = STRING.matcher(expr).replaceAll(" ");
            s = MATCHERS.matcher(s).replaceAll(" ");
            s = RANGE.matcher(s).replaceAll(" ");
            s = GROUPING.matcher(s).replaceAll(" ");
            Set<String> names = new TreeSet<>();
            Matcher m = IDENTIFIER.matcher(s);
            while (m.find()) {
                boolean call = m.group(1) != null;
                String id = m.group().replaceAll("\\s*\\($", "");
                boolean partOfNumber = m.start() > 0 && Character.isDigit(s.charAt(m.start() - 1));
                if (!call && !partOfNumber && !KEYWORDS.contains(id.toLowerCase())) {
                    names.add(id);
                }
            }
            return names;
        }
    }

    /** The Prometheus names of the transform's meters, from a real registry the code registers into. */
    static final class TransformMeters {

        private TransformMeters() {}

        static Set<String> names(Path stateDir) throws Exception {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            // the instance's own meters: registered when the app is built; nothing listens on port 1
            try (StreamTransformApp app =
                    StreamTransformApp.start(StreamTransformSettings.of("localhost:1", stateDir.resolve("app"))
                            .withMeterRegistry(registry)
                            .withCloseTimeout(Duration.ofSeconds(5)))) {
                // per-import meters: what ImportStreams builds for each import it runs (package-private)
                Class<?> type = Class.forName("dev.ddbimport.transform.ImportMetrics");
                Constructor<?> make = type.getDeclaredConstructor(String.class, MeterRegistry.class);
                make.setAccessible(true);
                Object metrics = make.newInstance("example", registry);
                TransformListener listener = (TransformListener) metrics;
                listener.onRecords(1);
                listener.onError(ErrorCode.values()[0]);
                listener.onDuplicate();
                listener.onReplay();
                ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
                KafkaStreams streams = unstartedStreams(stateDir.resolve("streams"));
                try {
                    Method bind = type.getDeclaredMethod("bind", KafkaStreams.class, ScheduledExecutorService.class);
                    bind.setAccessible(true);
                    bind.invoke(metrics, streams, scheduler);
                    return scrapedNames(registry.scrape());
                } finally {
                    ((AutoCloseable) metrics).close();
                    streams.close(Duration.ofSeconds(5));
                    scheduler.shutdownNow();
                }
            }
        }

        /** A KafkaStreams that is built but never started: its clients exist, none connects. */
        private static KafkaStreams unstartedStreams(Path stateDir) {
            StreamsBuilder builder = new StreamsBuilder();
            builder.stream("in").to("out");
            Properties p = new Properties();
            p.put(StreamsConfig.APPLICATION_ID_CONFIG, "prometheus-config-test");
            p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1");
            p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
            return new KafkaStreams(builder.build(), p);
        }

        private static Set<String> scrapedNames(String text) {
            Set<String> names = new TreeSet<>();
            for (String line : text.split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    names.add(line.split("[{ ]", 2)[0]);
                }
            }
            return names;
        }
    }

    /** One MBean attribute as the JMX exporter sees it, with a value of its type (number, boolean or text). */
    record Bean(ObjectName name, String attribute, String value) {

        Bean(ObjectName name, String attribute) {
            this(name, attribute, "1");
        }

        boolean numeric() {
            return value.equals("true") || value.equals("false") || value.matches("-?[0-9.]+(E-?[0-9]+)?");
        }
    }

    /** The MBeans a Connect worker running our two connectors has (with example connector and task names). */
    static final class ConnectBeans {

        private static final String SOURCE = "ddbimport-example-source";
        private static final String SINK = "ddbimport-example-sink";

        private ConnectBeans() {}

        static List<Bean> all() throws Exception {
            List<Bean> beans = new ArrayList<>();
            for (String attribute : mxBeanAttributes(
                    "connector-s3-source/src/main/java/dev/ddbimport/source/S3ImportSourceTaskMetricsMXBean.java")) {
                // the ObjectName S3ImportSourceTaskMetrics registers: connector quoted, task not
                beans.add(new Bean(
                        new ObjectName("dev.ddbimport.source:type=S3ImportSourceTask,connector="
                                + ObjectName.quote(SOURCE) + ",task=0"),
                        attribute));
            }
            for (String attribute : mxBeanAttributes(
                    "connector-dynamodb-sink/src/main/java/dev/ddbimport/sink/DynamoDbSinkTaskMetricsMXBean.java")) {
                // DynamoDbSinkTaskMetrics quotes both
                beans.add(new Bean(
                        new ObjectName("dev.ddbimport.sink:type=DynamoDbSinkTask,connector=" + ObjectName.quote(SINK)
                                + ",task=" + ObjectName.quote("0")),
                        attribute));
            }
            for (MetricNameTemplate t : new ConnectMetricsRegistry().getAllTemplates()) {
                beans.add(kafkaBean("kafka.connect", t, Map.of("connector", SINK, "task", "0")));
            }
            // the sink tasks' consumers: Connect names them connector-consumer-<connector>-<task>; topic tags
            // have dots replaced by underscores
            for (MetricNameTemplate t :
                    new FetchMetricsRegistry(new LinkedHashSet<>(List.of("client-id")), "consumer").getAllTemplates()) {
                beans.add(kafkaBean(
                        "kafka.consumer",
                        t,
                        Map.of(
                                "client-id", "connector-consumer-" + SINK + "-0",
                                "topic", "ddbimport_example_items",
                                "partition", "0")));
            }
            return beans;
        }

        /** As Kafka's JmxReporter names a metric: domain:type=group,tag=value,... in the template's tag order. */
        private static Bean kafkaBean(String domain, MetricNameTemplate t, Map<String, String> values)
                throws MalformedObjectNameException {
            StringBuilder name = new StringBuilder(domain).append(":type=").append(t.group());
            for (String tag : t.tags()) {
                name.append(',').append(tag).append('=').append(values.getOrDefault(tag, "example"));
            }
            return new Bean(new ObjectName(name.toString()), t.name(), sampleValue(t.name()));
        }

        /** Connect's text-valued metrics (states, classes, versions), its one boolean, and numbers for the rest. */
        private static String sampleValue(String metric) {
            if (metric.equals("status")) {
                return "running";
            }
            if (metric.equals("rebalancing")) {
                return "false";
            }
            if (metric.matches(".*-(class|type|version)|connect-protocol|leader-name")) {
                return "example";
            }
            return "1";
        }

        /** getX() methods of an MXBean interface: its attributes X (the connectors are not on this classpath). */
        private static List<String> mxBeanAttributes(String source) throws IOException {
            String text = Files.readString(REPO.resolve(source));
            List<String> attributes = new ArrayList<>();
            Matcher m =
                    Pattern.compile("\\b(?:long|int|double)\\s+get(\\w+)\\(\\)").matcher(text);
            while (m.find()) {
                attributes.add(m.group(1));
            }
            if (attributes.isEmpty()) {
                throw new IllegalStateException("No numeric getters in " + source);
            }
            return attributes;
        }
    }

    /**
     * The JMX exporter's naming, for the parts of its configuration the rules file may use: a bean attribute is
     * written {@code domain<k1=v1, k2=v2><>Attribute: value} (properties in the ObjectName's order, values as
     * written, quotes included) and matched against each rule in turn; the first match names it ({@code name}
     * with {@code $n} groups, unsafe characters to '_', runs of '_' merged, lower-cased with
     * {@code lowercaseOutputName}; {@code _total} only on counters: dropped from other names, added to counters);
     * an attribute that is not a number or a boolean
     * is exported only by a rule with a {@code value}; a rule without a name exports
     * {@code domain_firstPropertyValue_attribute}; no match, or a bean outside {@code includeObjectNames}, is
     * not exported.
     */
    static final class JmxExporterRules {

        private record Rule(Pattern pattern, String name, String type, String value, boolean snakeCase) {}

        private static final Pattern UNSAFE = Pattern.compile("[^a-zA-Z0-9:_]");
        private static final Pattern UNDERSCORES = Pattern.compile("__+");
        private static final Pattern SNAKE = Pattern.compile("([a-z0-9])([A-Z])");

        private final boolean lowercase;
        private final List<ObjectName> include;
        private final List<ObjectName> exclude;
        private final List<Rule> rules;

        private JmxExporterRules(
                boolean lowercase, List<ObjectName> include, List<ObjectName> exclude, List<Rule> rules) {
            this.lowercase = lowercase;
            this.include = include;
            this.exclude = exclude;
            this.rules = rules;
        }

        static JmxExporterRules load(Path file) throws IOException, MalformedObjectNameException {
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException(file + " is missing: the Connect image's JMX exporter rules decide the"
                        + " Connect metric names the alerts use");
            }
            return parse(YAML.readTree(file.toFile()));
        }

        static JmxExporterRules parse(JsonNode config) throws MalformedObjectNameException {
            List<ObjectName> include = objectNames(config, "includeObjectNames", "whitelistObjectNames");
            List<ObjectName> exclude = objectNames(config, "excludeObjectNames", "blacklistObjectNames");
            List<Rule> rules = new ArrayList<>();
            for (JsonNode r : config.path("rules")) {
                Pattern pattern = r.has("pattern")
                        ? Pattern.compile("^.*(?:" + r.get("pattern").asText() + ").*$")
                        : null;
                rules.add(new Rule(
                        pattern,
                        r.has("name") ? r.get("name").asText() : null,
                        r.path("type").asText("UNTYPED"),
                        r.has("value") ? r.get("value").asText() : null,
                        r.path("attrNameSnakeCase").asBoolean(false)));
            }
            if (!config.has("rules")) {
                rules.add(new Rule(null, null, "UNTYPED", null, false));
            }
            return new JmxExporterRules(config.path("lowercaseOutputName").asBoolean(false), include, exclude, rules);
        }

        private static List<ObjectName> objectNames(JsonNode config, String key, String oldKey)
                throws MalformedObjectNameException {
            JsonNode list = config.has(key) ? config.get(key) : config.path(oldKey);
            List<ObjectName> names = new ArrayList<>();
            for (JsonNode n : list) {
                names.add(new ObjectName(n.asText()));
            }
            return names;
        }

        Set<String> exportedNames(List<Bean> beans) {
            Set<String> names = new TreeSet<>();
            for (Bean bean : beans) {
                if ((!include.isEmpty() && include.stream().noneMatch(p -> p.apply(bean.name())))
                        || exclude.stream().anyMatch(p -> p.apply(bean.name()))) {
                    continue;
                }
                String exported = name(bean);
                if (exported != null) {
                    names.add(exported);
                }
            }
            return names;
        }

        private String name(Bean bean) {
            Map<String, String> properties = properties(bean.name());
            String beanName = bean.name().getDomain() + "<"
                    + properties.entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining(", "))
                    + "><>";
            String snake = SNAKE.matcher(bean.attribute()).replaceAll("$1_$2").toLowerCase();
            for (Rule rule : rules) {
                String attribute = rule.snakeCase() ? snake : bean.attribute();
                Matcher m = rule.pattern() == null
                        ? null
                        : rule.pattern().matcher(beanName + attribute + ": " + bean.value());
                if (m != null && !m.matches()) {
                    continue;
                }
                // the first matching rule decides, also when it cannot give the attribute a number
                if (rule.value() != null && !rule.value().isEmpty()) {
                    String value = m == null ? rule.value() : m.replaceAll(rule.value());
                    if (!value.matches("-?[0-9.]+(E-?[0-9]+)?")) {
                        return null;
                    }
                } else if (!bean.numeric()) {
                    return null;
                }
                String name;
                if (rule.name() == null) {
                    String first = properties.isEmpty()
                            ? ""
                            : "_" + properties.values().iterator().next();
                    name = safe(bean.name().getDomain() + first + "_" + attribute);
                } else {
                    name = safe(m.replaceAll(rule.name()));
                }
                if (name.isEmpty()) {
                    return null;
                }
                if (lowercase) {
                    name = name.toLowerCase();
                }
                // "_total" is reserved for counters: the exporter drops it from other names and adds it to counters
                if (name.endsWith("_total")) {
                    name = name.substring(0, name.length() - "_total".length());
                }
                return "COUNTER".equals(rule.type()) ? name + "_total" : name;
            }
            return null;
        }

        /** The key properties in the order the ObjectName was written, values as written (quotes kept). */
        private static Map<String, String> properties(ObjectName name) {
            Map<String, String> properties = new LinkedHashMap<>();
            Matcher m = Pattern.compile("([^,=:*?]+)=(\"(?:[^\\\\\"]|\\\\.)*\"|[^,=:\"]*)")
                    .matcher(name.getKeyPropertyListString());
            while (m.find()) {
                properties.put(m.group(1), m.group(2));
            }
            return properties;
        }

        private static String safe(String s) {
            return UNDERSCORES.matcher(UNSAFE.matcher(s).replaceAll("_")).replaceAll("_");
        }
    }
}
