package dev.acrwatch.probe;

/** The stages of a probe, in the order they run; the label is the metric's {@code stage}. */
public enum ProbeStage {
    DNS("dns"),
    TCP("tcp"),
    TLS("tls"),
    HTTP("http");

    private final String label;

    ProbeStage(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
