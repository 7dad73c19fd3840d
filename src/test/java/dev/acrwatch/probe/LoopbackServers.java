package dev.acrwatch.probe;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/** Small servers on 127.0.0.1 that play a registry, a black hole or a closed port. */
final class LoopbackServers {

    static final String BEARER_CHALLENGE = "HTTP/1.1 401 Unauthorized\r\n"
            + "WWW-Authenticate: Bearer realm=\"https://localhost/oauth2/token\",service=\"localhost\"\r\n"
            + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";

    private LoopbackServers() {}

    static InetAddress loopback() {
        return InetAddress.getLoopbackAddress();
    }

    /** A port on which nothing listens: bound, then closed. */
    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, loopback())) {
            return s.getLocalPort();
        }
    }

    /** A TLS server that answers every request with the given raw HTTP response and closes. */
    static final class Registry implements AutoCloseable {
        private final SSLServerSocket server;
        private final Thread acceptor;
        /** Request lines (up to the blank line) of every request received. */
        final List<List<String>> requests = new CopyOnWriteArrayList<>();

        Registry(SSLContext tls, String rawResponse) throws IOException {
            server = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket(0, 50, loopback());
            acceptor = new Thread(() -> serve(rawResponse), "test-registry");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void serve(String rawResponse) {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    s.setSoTimeout(5_000);
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                    List<String> lines = new CopyOnWriteArrayList<>();
                    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                        lines.add(line);
                    }
                    requests.add(lines);
                    OutputStream out = s.getOutputStream();
                    out.write(rawResponse.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                } catch (IOException e) {
                    // A failed handshake (untrusted certificate test) lands here; keep serving.
                }
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    /** Accepts TCP connections and never sends a byte: a handshake or response that never comes. */
    static final class BlackHole implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> held = new CopyOnWriteArrayList<>();

        BlackHole() throws IOException {
            server = new ServerSocket(0, 50, loopback());
            Thread t = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        held.add(server.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "test-black-hole");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        /** Connections accepted so far (and held open). */
        int accepted() {
            return held.size();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
