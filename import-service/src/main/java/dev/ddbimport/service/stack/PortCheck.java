package dev.ddbimport.service.stack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Checks that a port is free before anything starts, so a clash fails fast with a message naming the
 * flag, instead of deep inside a half-started server.
 */
public final class PortCheck {

    private PortCheck() {}

    /** @throws PortInUseException naming {@code component} and {@code flag} when {@code port} is taken */
    public static void requireFree(int port, String component, String flag) {
        try {
            bind(port);
        } catch (IOException e) {
            throw new PortInUseException(port, component, flag, e);
        }
    }

    /** True when nothing listens on {@code port}. */
    public static boolean isFree(int port) {
        try {
            bind(port);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void bind(int port) throws IOException {
        // the wildcard address clashes with a listener on any local address, loopback included
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
        }
    }
}
