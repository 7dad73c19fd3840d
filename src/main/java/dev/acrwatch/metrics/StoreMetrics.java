package dev.acrwatch.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/** Whether this node can reach the state store, and how often it could not. */
public final class StoreMetrics {

    private final AtomicInteger up = new AtomicInteger(1);
    private final Counter failures;

    public StoreMetrics(MeterRegistry registry, String kind) {
        Gauge.builder("acrwatch_store_up", up, AtomicInteger::get)
                .description("1 while this node's last state store check succeeded, 0 while the store is unreachable")
                .tag("kind", kind)
                .register(registry);
        this.failures = Counter.builder("acrwatch_store_failures")
                .description("State store checks that failed on this node (the store was unreachable or refused)")
                .tag("kind", kind)
                .register(registry);
    }

    public void succeeded() {
        up.set(1);
    }

    public void failed() {
        up.set(0);
        failures.increment();
    }
}
