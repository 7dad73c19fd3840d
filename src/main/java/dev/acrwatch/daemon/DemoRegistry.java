package dev.acrwatch.daemon;

import dev.acrwatch.config.Secret;
import dev.acrwatch.probe.ProbeConfig;
import dev.acrwatch.probe.Resolver;
import dev.acrwatch.probe.TrustStores;
import dev.acrwatch.source.simulator.DemoStory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loopback TLS server playing the production registry for the daemon's probe: ACR's anonymous
 * challenge on {@code GET /v2/}, except while the story's firewall drop lasts, when it answers like a
 * registry whose network rules refuse the caller. Its certificate is made at start with the JDK's
 * keytool, for the registry's name only, and trusted through a temporary trust store.
 */
final class DemoRegistry implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DemoRegistry.class);

    static final String CHALLENGE = "HTTP/1.1 401 Unauthorized\r\n"
            + "WWW-Authenticate: Bearer realm=\"https://" + DemoStory.PROD + "/oauth2/token\",service=\""
            + DemoStory.PROD + "\"\r\n" + "Content-Type: application/json; charset=utf-8\r\n";
    static final String CHALLENGE_BODY =
            "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\",\"detail\":null}]}";
    static final String DENIED = "HTTP/1.1 403 Forbidden\r\nContent-Type: application/json; charset=utf-8\r\n";
    static final String DENIED_BODY = "{\"errors\":[{\"code\":\"DENIED\",\"message\":"
            + "\"client with IP '127.0.0.1' is not allowed access.\",\"detail\":null}]}";

    private final Path dir;
    private final Path trustFile;
    private final String trustPassword;
    private final ServerSocket server;
    private final ExecutorService workers;
    /** Set once the story's clock exists; until then the registry is healthy. */
    private volatile Clock clock;
    private volatile DemoStory story;

    private DemoRegistry(Path dir, Path trustFile, String trustPassword, ServerSocket server) {
        this.dir = dir;
        this.trustFile = trustFile;
        this.trustPassword = trustPassword;
        this.server = server;
        this.workers = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "demo-registry");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Makes the certificate, binds 127.0.0.1 on a free port, starts answering and makes one request
     * itself. Call it before the story's clock starts: keytool is a JVM start, and the first TLS
     * handshake in this JVM is slow; at demo speed either would look like an outage.
     */
    static DemoRegistry start() throws Exception {
        Path dir = Files.createTempDirectory("acrwatch-demo-tls");
        try {
            // A fresh random password: the files only live while the demo runs, but nothing fixed should open them.
            byte[] raw = new byte[18];
            new SecureRandom().nextBytes(raw);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
            Path keys = dir.resolve("registry.p12");
            runKeytool(keys, password);
            KeyStore keyStore = load(keys, password);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("registry", keyStore.getCertificate("registry"));
            Path trustFile = dir.resolve("trust.p12");
            try (OutputStream out = Files.newOutputStream(trustFile)) {
                trust.store(out, password.toCharArray());
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore, password.toCharArray());
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(kmf.getKeyManagers(), null, null);
            ServerSocket server = tls.getServerSocketFactory().createServerSocket(0, 50,
                    InetAddress.getLoopbackAddress());
            DemoRegistry registry = new DemoRegistry(dir, trustFile, password, server);
            registry.workers.execute(registry::acceptLoop);
            try {
                registry.warmUp();
            } catch (Exception e) {
                registry.close();
                throw e;
            }
            return registry;
        } catch (Exception e) {
            deleteQuietly(dir);
            throw e;
        }
    }

    /** From now on the firewall phase of {@code story}, judged on {@code clock}, refuses the probe. */
    void follow(Clock clock, DemoStory story) {
        this.story = story;
        this.clock = clock;
    }

    private void warmUp() throws IOException {
        SSLContext client = TrustStores.sslContext(Optional.of(trustStore()));
        try (Socket tcp = new Socket(InetAddress.getLoopbackAddress(), port());
             SSLSocket tls = (SSLSocket) client.getSocketFactory().createSocket(tcp, DemoStory.PROD, port(), true)) {
            tls.setSoTimeout(10_000);
            SSLParameters params = tls.getSSLParameters();
            params.setServerNames(List.of(new SNIHostName(DemoStory.PROD)));
            params.setEndpointIdentificationAlgorithm("HTTPS");
            tls.setSSLParameters(params);
            tls.getOutputStream().write(("GET /v2/ HTTP/1.1\r\nHost: " + DemoStory.PROD
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            tls.getOutputStream().flush();
            tls.getInputStream().readAllBytes();
        }
    }

    int port() {
        return server.getLocalPort();
    }

    /** The trust store holding the demo certificate, for the probe configuration. */
    ProbeConfig.TrustStore trustStore() {
        return new ProbeConfig.TrustStore(trustFile, "PKCS12", Optional.of(Secret.of(trustPassword)));
    }

    /** Answers the demo registry's name with loopback, and no other name at all: the demo never uses real DNS. */
    static Resolver resolver() {
        return host -> {
            if (host.toLowerCase(Locale.ROOT).equals(DemoStory.PROD)) {
                return List.of(InetAddress.getLoopbackAddress());
            }
            throw new UnknownHostException(host + " is not part of the demo");
        };
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                workers.execute(() -> answer(s));
            } catch (SocketException closed) {
                return;
            } catch (IOException | RuntimeException e) {
                if (!server.isClosed()) {
                    log.debug("demo registry: accept failed: {}", e.toString());
                }
            }
        }
    }

    private void answer(Socket socket) {
        try (socket) {
            socket.setSoTimeout(5_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            String requestLine = in.readLine();
            String header = requestLine;
            while (header != null && !header.isEmpty()) {
                header = in.readLine(); // the headers do not change the answer
            }
            byte[] response = response(requestLine).getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(response);
            out.flush();
        } catch (IOException e) {
            log.debug("demo registry: request failed: {}", e.toString());
        }
    }

    /** The firewall phase is judged on the demo's scaled clock, the same one the story is played on. */
    String response(String requestLine) {
        if (requestLine == null || !requestLine.startsWith("GET /v2/ ")) {
            return withBody("HTTP/1.1 404 Not Found\r\nContent-Type: application/json; charset=utf-8\r\n", "{}");
        }
        DemoStory playing = story;
        Clock now = clock;
        if (playing != null && now != null && playing.phaseAt(now.instant()) == DemoStory.Phase.FIREWALL_DROP) {
            return withBody(DENIED, DENIED_BODY);
        }
        return withBody(CHALLENGE, CHALLENGE_BODY);
    }

    private static String withBody(String head, String body) {
        return head + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length
                + "\r\nConnection: close\r\n\r\n" + body;
    }

    /** Stops serving and deletes the certificate and trust store. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            log.debug("demo registry: close failed: {}", e.toString());
        }
        workers.shutdownNow();
        deleteQuietly(dir);
    }

    private static void runKeytool(Path keystore, String password) throws Exception {
        Process p = new ProcessBuilder(keytool().toString(), "-genkeypair", "-alias", "registry", "-keyalg", "EC",
                "-groupname", "secp256r1", "-validity", "2", "-dname", "CN=" + DemoStory.PROD,
                "-ext", "SAN=dns:" + DemoStory.PROD, "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", password, "-keypass", password)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("demo registry: keytool did not finish within 60 s");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("demo registry: keytool exited with " + p.exitValue() + ": "
                    + out.strip());
        }
    }

    /** The keytool of the JDK running this process, next to its java executable. */
    static Path keytool() {
        String exe = System.getProperty("os.name", "").startsWith("Windows") ? "keytool.exe" : "keytool";
        Optional<Path> besideJava = ProcessHandle.current().info().command()
                .map(c -> Path.of(c).resolveSibling(exe)).filter(Files::isExecutable);
        return besideJava.orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", exe));
    }

    private static KeyStore load(Path file, String password) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, password.toCharArray());
        }
        return ks;
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            log.warn("demo registry: could not delete its temporary certificate files: {}", e.toString());
        }
    }
}
