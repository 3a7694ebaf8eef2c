package dev.ddbimport.service.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StackSettingsTest {

    private static final Path DATA = Path.of("/tmp/ddbimport-data");

    @Test
    void shouldUseTheFamiliarDefaultPortsAndKeepEverythingUnderTheDataDir() {
        StackSettings s = StackSettings.defaults(DATA);
        assertEquals(9092, s.kafkaPort());
        assertEquals(9093, s.kafkaControllerPort());
        assertEquals(8083, s.connectPort());
        assertEquals(9000, s.s3Port());
        assertEquals(8001, s.dynamoDbPort());
        assertEquals(DATA.resolve("kafka"), s.kafkaDir());
        assertEquals(DATA.resolve("dynamodb"), s.dynamoDbDir());
        assertEquals(DATA.resolve("s3"), s.s3Dir());
        assertEquals(false, s.fresh());
        assertEquals(false, s.dynamoDbInMemory());
    }

    @Test
    void shouldNameBothFlagsWhenTwoPartsAreGivenTheSamePort() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new StackSettings(9092, 9093, 9000, 9000, 8001, DATA, DATA.resolve("s3"), false, false));
        assertEquals(
                "--connect-port and --s3-port are both 9000: give each part of the stack its own port", e.getMessage());
    }

    @Test
    void shouldRefuseAPortOutsideTheValidRange() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new StackSettings(9092, 9093, 8083, 9000, 70000, DATA, DATA.resolve("s3"), false, false));
        assertEquals("--dynamodb-port must be a port between 1 and 65535, not 70000", e.getMessage());
    }

    @Test
    void shouldChangeOnlyWhatEachWitherNames() {
        StackSettings s = StackSettings.defaults(DATA)
                .withFresh(true)
                .withDynamoDbInMemory(true)
                .withS3Dir(Path.of("/srv/s3"));
        assertEquals(new StackSettings(9092, 9093, 8083, 9000, 8001, DATA, Path.of("/srv/s3"), true, true), s);
    }

    @Test
    void shouldReportAPortInUseWithTheComponentAndTheFlagToChangeIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            PortInUseException e = assertThrows(
                    PortInUseException.class,
                    () -> PortCheck.requireFree(taken.getLocalPort(), "S3 endpoint", StackSettings.S3_PORT_FLAG));
            assertEquals(taken.getLocalPort(), e.port());
            assertTrue(
                    e.getMessage()
                            .startsWith("Port " + taken.getLocalPort()
                                    + " is already in use, so the embedded S3 endpoint cannot listen on it"),
                    e.getMessage());
            assertTrue(e.getMessage().endsWith("choose another port with --s3-port."), e.getMessage());
        }
    }
}
