package dev.ddbimport.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** The one client builder's retry policy, against a scripted HTTP endpoint. */
class S3ClientFactoryTest {

    private static final String LISTING = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>b</Name><Prefix></Prefix>"
            + "<KeyCount>1</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>"
            + "<Contents><Key>a.csv</Key><Size>3</Size><ETag>\"abc\"</ETag></Contents></ListBucketResult>";

    private HttpServer server;
    private final Deque<Object[]> script = new ArrayDeque<>();
    private int requests;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests++;
            Object[] reply = script.isEmpty() ? new Object[] {200, LISTING} : script.poll();
            byte[] body = ((String) reply[1]).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/xml");
            exchange.sendResponseHeaders((Integer) reply[0], body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private S3Client client(LongAdder retries) {
        Map<String, String> props = S3ImportSourceConfigTest.valid();
        props.put("s3.endpoint", "http://127.0.0.1:" + server.getAddress().getPort());
        props.put("s3.path.style", "true");
        props.put("s3.access.key.id", "id");
        props.put("s3.secret.access.key", "secret");
        return S3ClientFactory.create(new S3ImportSourceConfig(props), retries);
    }

    private static String error(String code) {
        return "<Error><Code>" + code + "</Code><Message>scripted " + code + "</Message></Error>";
    }

    @Test
    void shouldRetryThrottlingAndServerErrorsWithBackoffAndCountTheRetries() {
        script.add(new Object[] {500, error("InternalError")});
        script.add(new Object[] {503, error("SlowDown")});
        LongAdder retries = new LongAdder();

        try (S3Client s3 = client(retries)) {
            List<ListedObject> listed = new ObjectLister(s3, "b", null).list("", 10);
            assertEquals(List.of(new ListedObject("a.csv", 3, "\"abc\"")), listed);
        }
        assertEquals(3, requests);
        assertEquals(2, retries.sum());
    }

    @Test
    void shouldNotRetryAccessDeniedAndNameItFirst() {
        script.add(new Object[] {403, error("AccessDenied")});
        LongAdder retries = new LongAdder();

        try (S3Client s3 = client(retries)) {
            ConnectException e =
                    assertThrows(ConnectException.class, () -> new ObjectLister(s3, "b", null).list("", 10));
            assertEquals(
                    "AccessDenied: S3 refused listing s3://b/ (HTTP 403): scripted AccessDenied; grant s3:ListBucket"
                            + " and s3:GetObject on the bucket to the connector's credentials, and check"
                            + " s3.expected.bucket.owner",
                    e.getMessage());
        }
        assertEquals(1, requests);
        assertEquals(0, retries.sum());
    }
}
