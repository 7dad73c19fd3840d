package dev.acrwatch.metrics;

import dev.acrwatch.config.ConfigException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** Builds an SSLContext from a PEM certificate chain and a PKCS#8 PEM private key (RSA or EC), with no extra library. */
public final class PemKeyMaterial {

    private static final String SOURCE = "metrics.tls";
    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

    private record Block(String label, byte[] der) {}

    private PemKeyMaterial() {}

    /** The server-side TLS context; errors name the file and say how to fix it. */
    public static SSLContext sslContext(Path certFile, Path keyFile) throws ConfigException {
        List<X509Certificate> chain = readCertificates(certFile);
        PrivateKey key = readPrivateKey(keyFile);
        checkKeyMatchesCertificate(key, chain.get(0), certFile, keyFile);
        try {
            // The keystore lives only in memory; its password protects nothing, it is just required.
            char[] pass = new char[0];
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", key, pass, chain.toArray(new Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pass);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw problem("cannot build a TLS context from cert_file " + certFile + " and key_file " + keyFile
                    + ": " + e.getMessage());
        }
    }

    static List<X509Certificate> readCertificates(Path certFile) throws ConfigException {
        List<Block> blocks = blocks(certFile, "cert_file");
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (Block b : blocks) {
                if (b.label().equals("CERTIFICATE")) {
                    chain.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(b.der())));
                }
            }
        } catch (GeneralSecurityException e) {
            throw problem("cert_file " + certFile + ": not a valid X.509 certificate: " + e.getMessage());
        }
        if (chain.isEmpty()) {
            throw problem("cert_file " + certFile + ": expected PEM \"CERTIFICATE\" blocks, found "
                    + labels(blocks));
        }
        return chain;
    }

    static PrivateKey readPrivateKey(Path keyFile) throws ConfigException {
        List<Block> blocks = blocks(keyFile, "key_file");
        String convert = "convert it with: openssl pkcs8 -topk8 -nocrypt -in " + keyFile + " -out key-pkcs8.pem";
        for (Block b : blocks) {
            switch (b.label()) {
                case "PRIVATE KEY" -> {
                    return pkcs8(b.der(), keyFile);
                }
                case "RSA PRIVATE KEY", "EC PRIVATE KEY" -> throw problem("key_file " + keyFile
                        + ": is a \"" + b.label() + "\" (PKCS#1/SEC1) key, but only unencrypted PKCS#8 (\"PRIVATE KEY\") is read; "
                        + convert);
                case "ENCRYPTED PRIVATE KEY" -> throw problem("key_file " + keyFile
                        + ": is encrypted, but only unencrypted PKCS#8 (\"PRIVATE KEY\") is read; " + convert);
                default -> { }
            }
        }
        throw problem("key_file " + keyFile + ": expected a PEM \"PRIVATE KEY\" (PKCS#8) block, found "
                + labels(blocks) + "; " + convert);
    }

    private static PrivateKey pkcs8(byte[] der, Path keyFile) throws ConfigException {
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (InvalidKeySpecException e) {
                // not this algorithm; try the next
            } catch (GeneralSecurityException e) {
                throw problem("key_file " + keyFile + ": " + e.getMessage());
            }
        }
        throw problem("key_file " + keyFile + ": PKCS#8 key is neither RSA nor EC");
    }

    // A key/cert mismatch otherwise surfaces only as an opaque handshake failure on the first scrape.
    private static void checkKeyMatchesCertificate(PrivateKey key, X509Certificate cert, Path certFile, Path keyFile)
            throws ConfigException {
        String alg = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        byte[] probe = "acr-watch key check".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(alg);
            signer.initSign(key);
            signer.update(probe);
            byte[] sig = signer.sign();
            Signature verifier = Signature.getInstance(alg);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(probe);
            if (verifier.verify(sig)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // fall through: a key of another type cannot belong to this certificate
        }
        throw problem("key_file " + keyFile + ": does not match the first certificate in cert_file " + certFile);
    }

    private static List<Block> blocks(Path file, String key) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw problem(key + " " + file + ": cannot read: " + e.getClass().getSimpleName());
        }
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            try {
                blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2).strip())));
            } catch (IllegalArgumentException e) {
                throw problem(key + " " + file + ": PEM block \"" + m.group(1) + "\" is not valid base64");
            }
        }
        if (blocks.isEmpty()) {
            throw problem(key + " " + file + ": not a PEM file (no -----BEGIN ...----- block)");
        }
        return blocks;
    }

    private static String labels(List<Block> blocks) {
        return blocks.stream().map(b -> "\"" + b.label() + "\"").toList().toString();
    }

    private static ConfigException problem(String message) {
        return new ConfigException(SOURCE, List.of(message));
    }
}
