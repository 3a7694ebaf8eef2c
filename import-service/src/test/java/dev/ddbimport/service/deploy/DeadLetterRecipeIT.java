package dev.ddbimport.service.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbimport.core.error.ErrorCode;
import dev.ddbimport.core.error.ErrorRecord;
import dev.ddbimport.core.model.ModelJson;
import dev.ddbimport.core.pipeline.ImportTopics;
import dev.ddbimport.service.stack.EmbeddedKafka;
import dev.ddbimport.service.stack.PortChooser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.tools.consumer.ConsoleConsumer;
import org.apache.kafka.tools.consumer.ConsoleConsumerOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console-consumer recipes of docs/dead-letters.md, run as written (addresses aside) through
 * Kafka's own {@code ConsoleConsumer} against a real errors topic holding one dead letter of each
 * stage's shape; the jq part of a recipe runs through the jq found on the PATH.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeadLetterRecipeIT {

    private static final Path DOC = Path.of("../docs/dead-letters.md");
    private static final String DOC_BOOTSTRAP = "127.0.0.1:9092";
    private static final ImportTopics TOPICS = new ImportTopics("books-by-hand");
    private static final String OBJECT = "books/books-with-errors.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path temp;

    private EmbeddedKafka kafka;
    private final List<String> values = new ArrayList<>();

    @BeforeAll
    void startKafkaWithOneDeadLetterOfEachStage() throws Exception {
        int[] ports = PortChooser.freePorts(2);
        kafka = EmbeddedKafka.start(temp.resolve("kafka"), ports[0], ports[1]);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPICS.errors(), Optional.of(1), Optional.empty())))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            // the topology: error record JSON, no headers
            producer.send(letter(
                    ErrorRecord.of(
                            "books",
                            OBJECT,
                            1,
                            81,
                            "arn",
                            ErrorCode.MISSING_KEY,
                            "One or more parameter values were invalid: Missing the key Id in the item",
                            utf8("{\"Item\":{\"Title\":{\"S\":\"No Id At All\"}}}"),
                            4096),
                    Map.of()));
            // Kafka Streams' handlers: the chunk's headers and Kafka Streams' context headers
            producer.send(letter(
                    ErrorRecord.of(
                            "books",
                            OBJECT,
                            0,
                            0,
                            "arn",
                            ErrorCode.INVALID_CHUNK,
                            "The transform failed on record ddbimport.books-by-hand.chunks-0@1",
                            utf8("{\"Item\":{}}"),
                            4096),
                    Map.of(
                            "ddbimport.object.key",
                            OBJECT,
                            "__streams.errors.exception",
                            "java.lang.IllegalStateException",
                            "__streams.errors.message",
                            "boom",
                            "__streams.errors.topic",
                            TOPICS.chunks())));
            // the sink through Connect's dead letter queue: the item's headers and Connect's context headers
            producer.send(letter(
                    new ErrorRecord(
                            new ErrorRecord.ItemS3Pointer("books", OBJECT, 6),
                            "arn",
                            List.of("Item size has exceeded the maximum allowed size"),
                            ErrorCode.WRITE_REJECTED,
                            ErrorCode.WRITE_REJECTED.stage(),
                            null,
                            "{\"Id\":{\"N\":\"15\"}}",
                            false),
                    Map.of(
                            "ddbimport.item.index", "6",
                            "__connect.errors.topic", TOPICS.items(),
                            "__connect.errors.connector.name", "ddbimport-books-by-hand-sink")));
            producer.flush();
        }
    }

    @AfterAll
    void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldShowKeysHeadersAndJsonWithTheDocumentedRecipe() throws Exception {
        String out = consoleConsumer(recipe("all").get(0));

        assertEquals(3, out.lines().count(), out);
        for (String value : values) {
            assertTrue(out.contains(" => " + OBJECT + " => " + value), value + " in\n" + out);
        }
        assertTrue(out.startsWith("NO_HEADERS => " + OBJECT + " => {\"itemS3Pointer\""), out);
        assertTrue(out.contains("__streams.errors.exception:java.lang.IllegalStateException"), out);
        assertTrue(out.contains("__connect.errors.topic:" + TOPICS.items()), out);
        assertTrue(out.contains("ddbimport.item.index:6"), out);
    }

    @Test
    void shouldCountDeadLettersByCodeWithTheDocumentedRecipe() throws Exception {
        List<List<String>> recipe = recipe("count-by-code");
        String counts = jq(recipe.get(1), consoleConsumer(recipe.get(0)));

        assertEquals(
                JSON.readTree(
                        "[{\"errorCode\":\"INVALID_CHUNK\",\"count\":1},{\"errorCode\":\"MISSING_KEY\",\"count\":1},"
                                + "{\"errorCode\":\"WRITE_REJECTED\",\"count\":1}]"),
                JSON.readTree(counts));
    }

    @Test
    void shouldListPointersWithTheDocumentedRecipe() throws Exception {
        List<List<String>> recipe = recipe("pointers");
        String pointers = jq(recipe.get(1), consoleConsumer(recipe.get(0)));

        assertEquals(
                List.of(
                        "s3://books/" + OBJECT + " #1 MISSING_KEY",
                        "s3://books/" + OBJECT + " #0 INVALID_CHUNK",
                        "s3://books/" + OBJECT + " #6 WRITE_REJECTED"),
                pointers.lines().toList());
    }

    /** The words of each command in the code block that follows {@code <!-- recipe: name -->} in the doc. */
    private static List<List<String>> recipe(String name) throws IOException {
        String doc = Files.readString(DOC);
        int marker = doc.indexOf("<!-- recipe: " + name + " -->");
        assertTrue(marker >= 0, "recipe " + name + " in " + DOC);
        int start = doc.indexOf("```", marker);
        start = doc.indexOf('\n', start) + 1;
        int end = doc.indexOf("```", start);
        return ShellWords.pipeline(doc.substring(start, end).strip());
    }

    /** Runs the recipe's {@code kafka-console-consumer.sh} words through Kafka's ConsoleConsumer. */
    private String consoleConsumer(List<String> words) throws Exception {
        assertEquals("kafka-console-consumer.sh", words.get(0));
        List<String> args = new ArrayList<>();
        for (String w : words.subList(1, words.size())) {
            args.add(w.replace(DOC_BOOTSTRAP, kafka.bootstrapServers()));
        }
        assertTrue(args.contains("--timeout-ms"), "the recipe must end on its own: " + args);
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            ConsoleConsumer.run(new ConsoleConsumerOptions(args.toArray(String[]::new)));
        } catch (org.apache.kafka.common.errors.TimeoutException endOfTopic) {
            // --timeout-ms: how the tool stops once it has read everything
        } finally {
            System.setOut(stdout);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private static String jq(List<String> words, String input) throws Exception {
        assertEquals("jq", words.get(0));
        Process jq;
        try {
            jq = new ProcessBuilder(words).redirectErrorStream(true).start();
        } catch (IOException noJq) {
            org.junit.jupiter.api.Assumptions.abort("jq is not installed: " + noJq.getMessage());
            throw noJq;
        }
        jq.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        jq.getOutputStream().close();
        String out = new String(jq.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(jq.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, jq.exitValue(), out);
        return out;
    }

    private ProducerRecord<byte[], byte[]> letter(ErrorRecord error, Map<String, String> headers) {
        String value = ModelJson.write(error);
        values.add(value);
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(TOPICS.errors(), utf8(OBJECT), utf8(value));
        headers.forEach((k, v) -> r.headers().add(k, utf8(v)));
        return r;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
