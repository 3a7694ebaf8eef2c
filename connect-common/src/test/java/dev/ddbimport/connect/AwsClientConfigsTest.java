package dev.ddbimport.connect;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;

/** The AWS client settings both connectors define through {@link AwsClientConfigs}. */
class AwsClientConfigsTest {

    private static final String ID = "x.access.key.id";
    private static final String SECRET = "x.secret.access.key";
    private static final String TOKEN = "x.session.token";
    private static final String ENDPOINT = "x.endpoint";

    private static ConfigDef def() {
        ConfigDef def = new ConfigDef();
        def.define(
                ENDPOINT,
                ConfigDef.Type.STRING,
                null,
                AwsClientConfigs.endpointUri(),
                ConfigDef.Importance.LOW,
                "endpoint",
                "X",
                1,
                ConfigDef.Width.LONG,
                "Endpoint");
        int last = AwsClientConfigs.defineStaticCredentials(def, ID, SECRET, TOKEN, "X", 1);
        assertEquals(4, last);
        return def;
    }

    private static AbstractConfig config(String... keyValues) {
        Map<String, String> props = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(keyValues[i], keyValues[i + 1]);
        }
        AbstractConfig config = new AbstractConfig(def(), props, false);
        AwsClientConfigs.requireBothOrNeither(config, ID, SECRET);
        return config;
    }

    @Test
    void shouldTypeTheSecretAndTheTokenAsPasswordsSoConnectNeverLogsThem() {
        ConfigDef def = def();
        assertEquals(ConfigDef.Type.STRING, def.configKeys().get(ID).type);
        assertEquals(ConfigDef.Type.PASSWORD, def.configKeys().get(SECRET).type);
        assertEquals(ConfigDef.Type.PASSWORD, def.configKeys().get(TOKEN).type);
        AbstractConfig config = config(ID, "AKIDEXAMPLE", SECRET, "wJalrXUtnFEMI", TOKEN, "FwoGZXIvYXdz");
        assertEquals("[hidden]", config.getPassword(SECRET).toString());
        assertTrue(
                !config.values().toString().contains("wJalrXUtnFEMI"),
                config.values().toString());
    }

    @Test
    void shouldNameTheMissingSecretWhenOnlyTheKeyIdIsSet() {
        InvalidConfigKey e = assertThrows(InvalidConfigKey.class, () -> config(ID, "AKIDEXAMPLE"));
        assertEquals(SECRET, e.key());
        assertTrue(e.getMessage().contains("is required when " + ID + " is set"), e.getMessage());
    }

    @Test
    void shouldNameTheMissingKeyIdWhenOnlyTheSecretIsSet() {
        InvalidConfigKey e = assertThrows(InvalidConfigKey.class, () -> config(SECRET, "wJalrXUtnFEMI"));
        assertEquals(ID, e.key());
        assertTrue(!e.getMessage().contains("wJalrXUtnFEMI"), "the secret is not echoed: " + e.getMessage());
    }

    @Test
    void shouldTakeNeitherOrABlankKeyIdAsTheDefaultCredentialsChain() {
        assertDoesNotThrow(() -> config());
        assertDoesNotThrow(() -> config(ID, "  "));
    }

    @Test
    void shouldAcceptHttpAndHttpsEndpointsAndRefuseOthers() {
        config(ENDPOINT, "http://localhost:8000");
        config(ENDPOINT, "https://dynamodb.eu-west-1.amazonaws.com");
        config(ENDPOINT, "");
        ConfigException ftp = assertThrows(ConfigException.class, () -> config(ENDPOINT, "ftp://localhost"));
        assertTrue(ftp.getMessage().contains("must be an http:// or https:// URI with a host"), ftp.getMessage());
        ConfigException noHost = assertThrows(ConfigException.class, () -> config(ENDPOINT, "localhost:8000"));
        assertTrue(noHost.getMessage().contains(ENDPOINT), noHost.getMessage());
        ConfigException bad = assertThrows(ConfigException.class, () -> config(ENDPOINT, "http://a b"));
        assertTrue(bad.getMessage().contains("is not a URI"), bad.getMessage());
    }

    @Test
    void shouldSignWithStaticCredentialsWhenAKeyIdIsSetWithTheTokenWhenThereIsOne() {
        AwsCredentials basic = AwsClientConfigs.credentialsProvider("AKIDEXAMPLE", new Password("wJalrXUtnFEMI"), null)
                .resolveCredentials();
        assertEquals("AKIDEXAMPLE", basic.accessKeyId());
        assertEquals("wJalrXUtnFEMI", basic.secretAccessKey());
        assertTrue(!(basic instanceof AwsSessionCredentials), basic.getClass().getName());
        AwsCredentials session = AwsClientConfigs.credentialsProvider(
                        "ASIAEXAMPLE", new Password("wJalrXUtnFEMI"), new Password("FwoGZXIvYXdz"))
                .resolveCredentials();
        assertEquals("FwoGZXIvYXdz", ((AwsSessionCredentials) session).sessionToken());
    }

    @Test
    void shouldBuildTheSameFromSettingsHeldAsPlainStrings() {
        AwsCredentials session = AwsClientConfigs.credentialsProvider("ASIAEXAMPLE", "wJalrXUtnFEMI", "FwoGZXIvYXdz")
                .resolveCredentials();
        assertEquals("ASIAEXAMPLE", session.accessKeyId());
        assertEquals("FwoGZXIvYXdz", ((AwsSessionCredentials) session).sessionToken());
        assertTrue(
                AwsClientConfigs.credentialsProvider(null, (String) null, null) instanceof DefaultCredentialsProvider);
    }

    @Test
    void shouldLeaveCredentialsToTheDefaultChainWithoutAKeyId() {
        assertTrue(
                AwsClientConfigs.credentialsProvider(null, (Password) null, null)
                        instanceof DefaultCredentialsProvider);
    }

    @Test
    void shouldSignForTheConfiguredRegionElseUsEast1ForABareEndpointElseLeaveItToTheSdk() {
        URI local = URI.create("http://localhost:8000");
        assertEquals(Region.EU_WEST_1, AwsClientConfigs.region("eu-west-1", local));
        assertEquals(Region.US_EAST_1, AwsClientConfigs.region(null, local));
        assertEquals(null, AwsClientConfigs.region(null, null));
    }

    @Test
    void shouldPointABuilderAtTheEndpointAndItsSigningRegionOrLeaveBothToTheSdk() {
        assertEquals(
                Map.of("region", Region.US_EAST_1, "endpointOverride", URI.create("http://localhost:9000")),
                pointed(null, URI.create("http://localhost:9000")));
        assertEquals(Map.of("region", Region.EU_WEST_1), pointed("eu-west-1", null));
        assertEquals(Map.of(), pointed(null, null));
    }

    /** What {@link AwsClientConfigs#pointAt} set on a builder: method name to argument. */
    private static Map<String, Object> pointed(String region, URI endpoint) {
        Map<String, Object> calls = new HashMap<>();
        AwsClientBuilder<?, ?> builder = (AwsClientBuilder<?, ?>) Proxy.newProxyInstance(
                AwsClientBuilder.class.getClassLoader(), new Class<?>[] {AwsClientBuilder.class}, (proxy, m, args) -> {
                    calls.put(m.getName(), args[0]);
                    return proxy;
                });
        AwsClientConfigs.pointAt(builder, region, endpoint);
        return calls;
    }
}
