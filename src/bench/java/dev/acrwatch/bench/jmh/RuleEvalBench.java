package dev.acrwatch.bench.jmh;

import dev.acrwatch.config.AcrWatchConfig;
import dev.acrwatch.config.ConfigLoader;
import dev.acrwatch.rule.BinRow;
import dev.acrwatch.rule.InMemoryBinStore;
import dev.acrwatch.rule.Rule;
import dev.acrwatch.rule.RuleResult;
import dev.acrwatch.rule.SourceHealth;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Evaluating each rule type from a config file over an hour of bins (2,000 a minute, 20 registries). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RuleEvalBench {

    @Param({"threshold", "ratio", "spike"})
    public String type;

    private Rule rule;
    private InMemoryBinStore bins;
    private final SourceHealth health = SourceHealth.of(Map.of("ws", true));
    private final Instant now = BinsBench.T0.plusSeconds(3600);

    @Setup
    public void setUp() throws Exception {
        String yaml = """
                workspaces:
                  - {name: ws, id: 11111111-2222-3333-4444-555555555555}
                alerting:
                  receivers:
                    - {name: slack, type: slack, url: "http://127.0.0.1:9/hook"}
                  rules:
                    - {name: threshold, type: threshold, filter: {classes: [unauthorized]}, window: 5m,
                       threshold: 11, group_by: [registry], severity: warning}
                    - {name: ratio, type: ratio, filter: {classes: [forbidden]}, window: 10m, ratio: 0.05,
                       min_events: 20, group_by: [registry], severity: warning}
                    - {name: spike, type: spike, filter: {classes: [throttled]}, window: 5m, baseline: 1h,
                       factor: 3, min_count: 10, group_by: [registry], severity: warning}
                """;
        AcrWatchConfig config = ConfigLoader.load("bench.yaml", yaml, Map.of());
        rule = config.alerting().rules().stream().filter(r -> r.name().equals(type)).findFirst().orElseThrow();
        bins = new InMemoryBinStore();
        List<BinRow> rows = new ArrayList<>();
        for (int m = 0; m < 60; m++) {
            for (int i = 0; i < BinsBench.PER_MINUTE; i++) {
                rows.add(new BinRow(BinsBench.T0.plusSeconds(60L * m), BinsBench.dims(i), 1 + i % 7));
            }
        }
        rows.forEach(bins::add);
    }

    @Benchmark
    public List<RuleResult> evaluate() {
        return rule.evaluate(now, bins, health);
    }
}
