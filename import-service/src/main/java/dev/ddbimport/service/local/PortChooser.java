package dev.ddbimport.service.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Picks ports for a stack that must start whatever else runs on the machine (the demo): the familiar
 * port when it is free, any free port otherwise, never the same port twice.
 */
public final class PortChooser {

    private final Set<Integer> chosen = new HashSet<>();

    /** {@code preferred} if it is free and not chosen yet, else a free port the system picks. */
    public synchronized int preferring(int preferred) {
        if (!chosen.contains(preferred) && isFree(preferred)) {
            chosen.add(preferred);
            return preferred;
        }
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket socket = new ServerSocket(0)) {
                int port = socket.getLocalPort();
                if (chosen.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot find a free port: " + e.getMessage(), e);
            }
        }
        throw new IllegalStateException("Cannot find a free port that was not chosen already");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
