package dev.ddbimport.service.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
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
        if (!chosen.contains(preferred) && PortCheck.isFree(preferred)) {
            chosen.add(preferred);
            return preferred;
        }
        return anyFree();
    }

    /** {@code count} distinct free ports the system picks (for tests and side-by-side stacks). */
    public static int[] freePorts(int count) {
        PortChooser chooser = new PortChooser();
        int[] ports = new int[count];
        for (int i = 0; i < count; i++) {
            ports[i] = chooser.anyFree();
        }
        return ports;
    }

    private synchronized int anyFree() {
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
}
