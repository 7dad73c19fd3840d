package dev.acrwatch.probe;

import java.util.Objects;

/**
 * One registry login server to probe.
 *
 * @param loginServer           host name, e.g. {@code myregistry.azurecr.io}
 * @param port                  TLS port; 443 for a real registry, another only in tests
 * @param expectPrivateEndpoint when true, every resolved address must be private
 */
public record ProbeTarget(String loginServer, int port, boolean expectPrivateEndpoint) {

    public ProbeTarget {
        Objects.requireNonNull(loginServer, "loginServer");
        if (loginServer.isBlank()) {
            throw new IllegalArgumentException("loginServer: expected a host name, found \"\"");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: expected 1..65535, found " + port);
        }
    }

    public static ProbeTarget of(String loginServer, boolean expectPrivateEndpoint) {
        return new ProbeTarget(loginServer, 443, expectPrivateEndpoint);
    }

    /** The {@code registry} label: the login server, plus the port when it is not 443. */
    public String name() {
        return port == 443 ? loginServer : loginServer + ":" + port;
    }
}
