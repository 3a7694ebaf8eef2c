package dev.ddbimport.service.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PortChooserTest {

    @Test
    void shouldGiveDistinctPortsThatCanBeBound() throws IOException {
        int[] ports = PortChooser.freePorts(6);

        assertEquals(6, Arrays.stream(ports).distinct().count(), Arrays.toString(ports));
        for (int port : ports) {
            assertTrue(port > 0 && port < 65536, "port " + port);
            try (ServerSocket socket = new ServerSocket(port)) {
                assertEquals(port, socket.getLocalPort());
            }
        }
    }

    @Test
    void shouldPreferTheGivenPortOnlyOnceAndNeverWhenItIsTaken() throws IOException {
        PortChooser chooser = new PortChooser();
        try (ServerSocket taken = new ServerSocket(0)) {
            int busy = taken.getLocalPort();
            assertNotEquals(busy, chooser.preferring(busy));
        }
        int free = PortChooser.freePorts(1)[0];
        assertEquals(free, chooser.preferring(free));
        assertNotEquals(free, chooser.preferring(free));
    }
}
