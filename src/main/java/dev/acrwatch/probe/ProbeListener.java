package dev.acrwatch.probe;

/** Receives every probe result; called on a probe thread, so implementations must be thread-safe. */
@FunctionalInterface
public interface ProbeListener {
    void onResult(ProbeResult result);
}
