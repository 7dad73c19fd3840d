package dev.acrwatch.probe;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Builds the probe's {@link SSLContext} from a configured trust store, or the JDK default. */
public final class TrustStores {

    private TrustStores() {}

    public static SSLContext sslContext(Optional<ProbeConfig.TrustStore> trustStore) {
        if (trustStore.isEmpty()) {
            try {
                return SSLContext.getDefault();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK has no default TLS context", e);
            }
        }
        ProbeConfig.TrustStore ts = trustStore.get();
        try (InputStream in = Files.newInputStream(ts.path())) {
            KeyStore ks = KeyStore.getInstance(ts.type());
            ks.load(in, ts.password().map(s -> s.reveal().toCharArray()).orElse(null));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            // The exception text may quote the file but never the password.
            throw new IllegalArgumentException("probes.trust_store: cannot load " + ts.type() + " trust store \""
                    + ts.path() + "\": " + e.getMessage(), e);
        }
    }
}
