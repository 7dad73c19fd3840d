package dev.acrwatch.probe;

/** Why a probe failed; a closed set because it becomes the {@code reason} metric label. */
public enum ProbeFailureReason {
    /** The name does not resolve (NXDOMAIN, or any resolver failure: the JDK cannot tell them apart). */
    DNS_NXDOMAIN("dns_nxdomain", ProbeStage.DNS),
    /** The resolver did not answer within the DNS timeout. */
    DNS_TIMEOUT("dns_timeout", ProbeStage.DNS),
    /** A private endpoint is expected but the name resolves to a public address. */
    DNS_PUBLIC_ADDRESS("dns_public_address", ProbeStage.DNS),
    TCP_REFUSED("tcp_refused", ProbeStage.TCP),
    TCP_TIMEOUT("tcp_timeout", ProbeStage.TCP),
    /** Any other connect failure: no route to host, network unreachable. */
    TCP_UNREACHABLE("tcp_unreachable", ProbeStage.TCP),
    /** Handshake timeout, untrusted chain, host name mismatch, or the peer closed during handshake. */
    TLS_ERROR("tls_error", ProbeStage.TLS),
    /** 403 saying the client IP is not allowed: the registry firewall rejects our address. */
    HTTP_FIREWALL_DENIED("http_firewall_denied", ProbeStage.HTTP),
    /** A response other than ACR's anonymous 401 Bearer challenge. */
    HTTP_UNEXPECTED_STATUS("http_unexpected_status", ProbeStage.HTTP),
    /** No complete HTTP response: timeout, connection reset or a malformed status line. */
    HTTP_ERROR("http_error", ProbeStage.HTTP);

    private final String label;
    private final ProbeStage stage;

    ProbeFailureReason(String label, ProbeStage stage) {
        this.label = label;
        this.stage = stage;
    }

    public String label() {
        return label;
    }

    /** The stage in which this failure is detected. */
    public ProbeStage stage() {
        return stage;
    }
}
