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
import io.prometheus.jmx.JmxCollector;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
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
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
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
 * that the real JMX exporter, under the rules in {@code deploy/docker/connect/jmx-exporter.yml}, exports the
 * name from an MBean the worker really has (Kafka's own metric templates and our
 * connectors' MXBean interfaces). A renamed meter or rule then fails here rather than silencing an alert.
 */
class PrometheusConfigTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ComposeRepository REPO = ComposeRepository.locate();
    private static final Path PROMETHEUS = REPO.path("deploy/prometheus/prometheus.yml");
    private static final Path ALERTS = REPO.path("deploy/prometheus/alerts.yml");
    private static final Path JMX_RULES = REPO.path("deploy/docker/connect/jmx-exporter.yml");

    /** Series every Prometheus target has without any exporter. */
    private static final Set<String> SYNTHETIC = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped");

    private static Set<String> transformNames;
    private static Set<String> connectNames;

    @TempDir
    static Path stateDir;

    @BeforeAll
    static void collectMetricNames() throws Exception {
        transformNames = TransformMeters.names(stateDir);
        connectNames = JmxExporter.exportedNames(JMX_RULES, ConnectBeans.all());
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
    void shouldExportTheConnectorsAndConnectBeansThroughTheRealExporter() {
        // guards the check above: beans the exporter could not read would leave only unknown names
        assertTrue(
                connectNames.containsAll(Set.of(
                        "ddbimport_sink_items_written_total",
                        "ddbimport_source_objects_assigned",
                        "kafka_connect_task_status",
                        "kafka_connect_worker_rebalance_completed_rebalances_total",
                        "kafka_connect_sink_consumer_records_lag_max")),
                "the exporter's names: " + connectNames);
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

    /** One MBean attribute as a Connect worker has it: a number, a boolean or a text. */
    record Bean(ObjectName name, String attribute, Object value) {

        Bean(ObjectName name, String attribute) {
            this(name, attribute, 1L);
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
        private static Object sampleValue(String metric) {
            if (metric.equals("status")) {
                return "running";
            }
            if (metric.equals("rebalancing")) {
                return Boolean.FALSE;
            }
            if (metric.matches(".*-(class|type|version)|connect-protocol|leader-name")) {
                return "example";
            }
            return 1.0;
        }

        /** getX() methods of an MXBean interface: its attributes X (the connectors are not on this classpath). */
        private static List<String> mxBeanAttributes(String source) throws IOException {
            String text = Files.readString(REPO.path(source));
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
     * The names the real JMX exporter (the collector the Connect image's agent runs) exports for some beans
     * under a rules file: the beans are registered in this JVM's platform MBean server, where the collector
     * reads, for one scrape written in the text format, and unregistered again.
     */
    static final class JmxExporter {

        private JmxExporter() {}

        static Set<String> exportedNames(Path rules, List<Bean> beans) throws Exception {
            if (!Files.isRegularFile(rules)) {
                throw new IllegalStateException(rules + " is missing: the Connect image's JMX exporter rules decide"
                        + " the Connect metric names the alerts use");
            }
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            Map<ObjectName, Map<String, Object>> attributes = new LinkedHashMap<>();
            for (Bean bean : beans) {
                attributes
                        .computeIfAbsent(bean.name(), n -> new LinkedHashMap<>())
                        .put(bean.attribute(), bean.value());
            }
            List<ObjectName> registered = new ArrayList<>();
            try {
                for (Map.Entry<ObjectName, Map<String, Object>> e : attributes.entrySet()) {
                    server.registerMBean(new FixedAttributes(e.getValue()), e.getKey());
                    registered.add(e.getKey());
                }
                PrometheusRegistry registry = new PrometheusRegistry();
                new JmxCollector(rules.toFile()).register(registry);
                ByteArrayOutputStream text = new ByteArrayOutputStream();
                PrometheusTextFormatWriter.create().write(text, registry.scrape());
                return TransformMeters.scrapedNames(text.toString(StandardCharsets.UTF_8));
            } finally {
                for (ObjectName name : registered) {
                    server.unregisterMBean(name);
                }
            }
        }
    }

    /** A read-only MBean whose attributes have fixed values, typed by the values' classes. */
    static final class FixedAttributes implements DynamicMBean {

        private final Map<String, Object> values;

        FixedAttributes(Map<String, Object> values) {
            this.values = Map.copyOf(values);
        }

        @Override
        public Object getAttribute(String attribute) throws AttributeNotFoundException {
            if (!values.containsKey(attribute)) {
                throw new AttributeNotFoundException(attribute);
            }
            return values.get(attribute);
        }

        @Override
        public void setAttribute(Attribute attribute) {
            throw new UnsupportedOperationException("read-only");
        }

        @Override
        public AttributeList getAttributes(String[] attributes) {
            AttributeList list = new AttributeList();
            for (String name : attributes) {
                if (values.containsKey(name)) {
                    list.add(new Attribute(name, values.get(name)));
                }
            }
            return list;
        }

        @Override
        public AttributeList setAttributes(AttributeList attributes) {
            return new AttributeList();
        }

        @Override
        public Object invoke(String actionName, Object[] params, String[] signature) {
            throw new UnsupportedOperationException(actionName);
        }

        @Override
        public MBeanInfo getMBeanInfo() {
            MBeanAttributeInfo[] infos = values.entrySet().stream()
                    .map(e -> new MBeanAttributeInfo(
                            e.getKey(), e.getValue().getClass().getName(), e.getKey(), true, false, false))
                    .toArray(MBeanAttributeInfo[]::new);
            return new MBeanInfo(FixedAttributes.class.getName(), "test bean", infos, null, null, null);
        }
    }
}
