package dev.acrwatch.probe;

import dev.acrwatch.config.Secret;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Throwaway certificates made once per test JVM with the JDK's keytool: a trusted one for
 * localhost / 127.0.0.1, a second self-signed one for the same names that nobody trusts, and a
 * trusted one for another name. The trust store is written to a file and loaded through
 * {@link TrustStores}, the same path production takes.
 */
final class TestCertificates {

    private static final String PASSWORD = "test-only-keystore";
    private static TestCertificates instance;

    /** Server side: presents the trusted localhost certificate. */
    final SSLContext trusted;
    /** Server side: presents a self-signed localhost certificate absent from the trust store. */
    final SSLContext untrusted;
    /** Server side: presents a trusted certificate issued for another host name. */
    final SSLContext wrongName;
    /** Client side: trusts the "trusted" and "wrongName" certificates only. */
    final SSLContext client;

    private TestCertificates(SSLContext trusted, SSLContext untrusted, SSLContext wrongName, SSLContext client) {
        this.trusted = trusted;
        this.untrusted = untrusted;
        this.wrongName = wrongName;
        this.client = client;
    }

    static synchronized TestCertificates get() throws Exception {
        if (instance == null) {
            instance = create();
        }
        return instance;
    }

    private static TestCertificates create() throws Exception {
        Path dir = Files.createTempDirectory("acrwatch-probe-tls");
        dir.toFile().deleteOnExit();
        // keytool is a JVM start each; run the three at once.
        List<Process> runs = new ArrayList<>();
        runs.add(keytool(dir.resolve("trusted.p12"), "SAN=dns:localhost,ip:127.0.0.1"));
        runs.add(keytool(dir.resolve("untrusted.p12"), "SAN=dns:localhost,ip:127.0.0.1"));
        runs.add(keytool(dir.resolve("wrong-name.p12"), "SAN=dns:registry.example"));
        for (Process p : runs) {
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + out);
            }
        }
        KeyStore trusted = load(dir.resolve("trusted.p12"));
        KeyStore wrongName = load(dir.resolve("wrong-name.p12"));
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("localhost", trusted.getCertificate("server"));
        trust.setCertificateEntry("wrong-name", wrongName.getCertificate("server"));
        Path trustFile = dir.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(trustFile)) {
            trust.store(out, PASSWORD.toCharArray());
        }
        for (String f : List.of("trusted.p12", "untrusted.p12", "wrong-name.p12", "trust.p12")) {
            dir.resolve(f).toFile().deleteOnExit();
        }
        SSLContext client = TrustStores.sslContext(Optional.of(
                new ProbeConfig.TrustStore(trustFile, "PKCS12", Optional.of(Secret.of(PASSWORD)))));
        return new TestCertificates(serverContext(trusted), serverContext(load(dir.resolve("untrusted.p12"))),
                serverContext(wrongName), client);
    }

    private static Process keytool(Path keystore, String san) throws Exception {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        return new ProcessBuilder(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC",
                "-groupname", "secp256r1", "-validity", "2", "-dname", "CN=acr-watch test",
                "-ext", san, "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
    }

    private static KeyStore load(Path file) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        return ks;
    }

    private static SSLContext serverContext(KeyStore keys) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD.toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }
}
