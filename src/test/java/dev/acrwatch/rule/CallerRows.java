package dev.acrwatch.rule;

import dev.acrwatch.event.Classifier;
import dev.acrwatch.event.EventCount;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.poll.ClassifiedCount;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Synthetic committed poll rows and expected callers for the caller tests. */
final class CallerRows {

    static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    static final String WS = "ws-prod";
    static final String REG = "contoso.azurecr.io";
    static final String KUBELET = "3f1c2a9e-aks-kubelet";

    private static final Classifier CLASSIFIER = new Classifier();

    private CallerRows() {}

    static Instant at(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    static ClassifiedCount row(int minute, String registry, String status, String identity, String ip) {
        return row(minute, registry, status, identity, ip, 3);
    }

    static ClassifiedCount row(int minute, String registry, String status, String identity, String ip, long count) {
        EventCount e = new EventCount(LogTable.REPOSITORY, at(minute), registry, "Pull", status, identity, ip, "app",
                count, at(minute + 1), 30, 20);
        return new ClassifiedCount(e, CLASSIFIER.classify(e));
    }

    /** A pull by the AKS node pool (from its node subnet). */
    static ClassifiedCount aks(int minute) {
        return row(minute, REG, "200", KUBELET, "10.240.3.17");
    }

    /** Somebody else's pull on the same registry: the "other traffic". */
    static ClassifiedCount other(int minute) {
        return row(minute, REG, "200", "", "");
    }

    static CallerSpec aksCaller(Duration maxSilence) {
        return new CallerSpec(REG, "aks-prod", List.of("10.240.0.0/16"), List.of(KUBELET), maxSilence);
    }
}
