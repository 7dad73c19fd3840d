package dev.acrwatch.rule;

import dev.acrwatch.event.FailureClass;
import dev.acrwatch.event.LogTable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Synthetic bins and rules for tests. */
final class Fixtures {

    static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    static final String WS = "ws-prod";

    private Fixtures() {}

    static Instant at(int minutesAfterT0) {
        return T0.plus(Duration.ofMinutes(minutesAfterT0));
    }

    static BinRow login(int minute, String registry, FailureClass c, String identity, String ip, long count) {
        return new BinRow(at(minute), new BinDims(WS, registry, LogTable.LOGIN, c,
                c == FailureClass.UNAUTHORIZED ? "rejected_credentials" : "none", "Login",
                identity, ip, ""), count);
    }

    static BinRow ok(int minute, String registry, long count) {
        return new BinRow(at(minute), new BinDims(WS, registry, LogTable.REPOSITORY, FailureClass.OK, "none", "Pull",
                "", "", ""), count);
    }

    static BinRow pull(int minute, String ws, String registry, FailureClass c, String repo, long count) {
        return new BinRow(at(minute), new BinDims(ws, registry, LogTable.REPOSITORY, c, "none", "Pull",
                c.isFailure() ? "ci" : "", c.isFailure() ? "10.0.0.1" : "", c.isFailure() ? repo : ""), count);
    }

    static RuleCommon common(String name, RuleFilter filter, List<Dimension> groupBy, Duration forDuration,
            Duration window) {
        return new RuleCommon(name, filter, groupBy, forDuration, Severity.WARNING, Map.of(), Map.of(),
                List.of("oncall"), window);
    }

    static InMemoryBinStore store(BinRow... rows) {
        return new InMemoryBinStore(List.of(rows));
    }

    static final SourceHealth HEALTHY = SourceHealth.of(Map.of(WS, true));
}
