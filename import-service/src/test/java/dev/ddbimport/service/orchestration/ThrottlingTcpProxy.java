package dev.ddbimport.service.orchestration;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP forwarder in front of the S3 endpoint that can slow down what S3 sends back, so that a test
 * can act while an import is still reading its objects (overwrite one not yet read, cancel). Bytes
 * are passed unchanged (the Host header, and so the request signature, stays valid), and with no
 * limit set it only forwards.
 */
final class ThrottlingTcpProxy implements AutoCloseable {

    private static final int BLOCK = 4096;

    private final ServerSocket server;
    private final InetSocketAddress target;
    private volatile long bytesPerSecond;
    private volatile boolean closed;

    private ThrottlingTcpProxy(ServerSocket server, InetSocketAddress target) {
        this.server = server;
        this.target = target;
    }

    /** Forwards a free local port to {@code target} (an http://host:port URI). */
    static ThrottlingTcpProxy start(URI target) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        ThrottlingTcpProxy proxy =
                new ThrottlingTcpProxy(server, new InetSocketAddress(target.getHost(), target.getPort()));
        Thread acceptor = new Thread(proxy::accept, "s3-throttle-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return proxy;
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Limits each connection's responses to {@code rate} bytes per second; 0: no limit. */
    void limitResponses(long rate) {
        bytesPerSecond = rate;
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(target.getAddress(), target.getPort());
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                pump(client, upstream, false);
                pump(upstream, client, true);
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("S3 proxy: " + e);
                }
            }
        }
    }

    private void pump(Socket from, Socket to, boolean throttled) {
        Thread t = new Thread(
                () -> {
                    byte[] buffer = new byte[BLOCK];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        int n;
                        while ((n = in.read(buffer)) >= 0) {
                            out.write(buffer, 0, n);
                            out.flush();
                            long rate = bytesPerSecond;
                            if (throttled && rate > 0) {
                                // a rate limiter: pace the bytes, this waits for no condition
                                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1) * n / rate);
                            }
                        }
                    } catch (IOException e) {
                        // the other side closed: close both below
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                    }
                },
                "s3-throttle-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
    }
}
