package dev.ddbimport.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObjectListerTest {

    @TempDir
    static Path dir;

    private static S3TestServer s3;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3TestServer.start(dir);
        s3.createBucket("bucket");
        for (String key : List.of("data/a.csv", "data/b.csv", "data/c.csv", "data2/x.csv", "data.csv", "other/y")) {
            s3.put("bucket", key, key.getBytes(StandardCharsets.UTF_8));
        }
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

    private static List<String> keys(List<ListedObject> objects) {
        return objects.stream().map(ListedObject::key).toList();
    }

    @Test
    void shouldListEveryPageInKeyOrderWithSizesAndEtags() {
        List<ListedObject> listed = new ObjectLister(s3.client(), "bucket", null, 2).list("", 100);

        assertEquals(
                List.of("data.csv", "data/a.csv", "data/b.csv", "data/c.csv", "data2/x.csv", "other/y"), keys(listed));
        assertEquals("data/a.csv".length(), listed.get(1).size());
        assertTrue(listed.get(1).etag().startsWith("\""), listed.get(1).etag());
    }

    @Test
    void shouldMatchThePrefixAsARawString() {
        List<ListedObject> listed = new ObjectLister(s3.client(), "bucket", null, 2).list("data", 100);

        assertEquals(List.of("data.csv", "data/a.csv", "data/b.csv", "data/c.csv", "data2/x.csv"), keys(listed));
    }

    @Test
    void shouldTakeAnExactKeyAsThePrefix() {
        assertEquals(
                List.of("data/b.csv"), keys(new ObjectLister(s3.client(), "bucket", null).list("data/b.csv", 100)));
    }

    @Test
    void shouldListNothingForAPrefixWithoutObjects() {
        assertEquals(List.of(), new ObjectLister(s3.client(), "bucket", null).list("nothing/", 100));
    }

    @Test
    void shouldFailFastPastTheObjectLimit() {
        ConnectException e = assertThrows(
                ConnectException.class, () -> new ObjectLister(s3.client(), "bucket", null, 2).list("data", 4));
        assertEquals(
                "Too many objects: more than 4 objects match s3://bucket/data (the import's object limit is 4);"
                        + " narrow the prefix or raise objects.max",
                e.getMessage());
    }

    @Test
    void shouldAcceptExactlyTheLimit() {
        assertEquals(
                5,
                new ObjectLister(s3.client(), "bucket", null, 2).list("data", 5).size());
    }

    @Test
    void shouldNameTheS3ErrorCodeForAMissingBucket() {
        ConnectException e = assertThrows(
                ConnectException.class, () -> new ObjectLister(s3.client(), "no-such-bucket", null).list("", 10));
        assertTrue(
                e.getMessage().startsWith("NoSuchBucket: S3 refused listing s3://no-such-bucket/ (HTTP 404)"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("check s3.bucket and s3.region"), e.getMessage());
    }
}
