package dev.acrwatch.source.loganalytics;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throwaway certificate for localhost / 127.0.0.1, made at test time with the JDK's keytool, and
 * an SSLContext that trusts only it.
 */
final class LocalhostTls {

    static final String PASSWORD = "test-only-keystore";

    private static LocalhostTls instance;

    final Path keystore;
    final SSLContext trustingContext;

    private LocalhostTls(Path keystore, SSLContext trustingContext) {
        this.keystore = keystore;
        this.trustingContext = trustingContext;
    }

    static synchronized LocalhostTls get() throws Exception {
        if (instance == null) {
            instance = create();
        }
        return instance;
    }

    private static LocalhostTls create() throws Exception {
        Path dir = Files.createTempDirectory("acrwatch-tls");
        dir.toFile().deleteOnExit();
        Path ks = dir.resolve("localhost.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "localhost", "-keyalg", "RSA",
                "-keysize", "2048", "-validity", "2", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-keystore", ks.toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + out);
        }
        ks.toFile().deleteOnExit();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("localhost", keys.getCertificate("localhost"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return new LocalhostTls(ks, ctx);
    }
}
