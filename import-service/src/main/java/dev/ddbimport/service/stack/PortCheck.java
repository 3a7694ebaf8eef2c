package dev.ddbimport.service.stack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Checks that a port is free before anything starts, so a clash fails fast with a message naming the
 * flag, instead of deep inside a half-started server.
 */
final class PortCheck {

    private PortCheck() {}

    static void requireFree(int port, String component, String flag) {
        // the wildcard address clashes with a listener on any local address, loopback included
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
        } catch (IOException e) {
            throw new PortInUseException(port, component, flag, e);
        }
    }
}
