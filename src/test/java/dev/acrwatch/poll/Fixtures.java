package dev.acrwatch.poll;

import dev.acrwatch.config.AuthConfig;
import dev.acrwatch.config.PollConfig;
import dev.acrwatch.config.WorkspaceConfig;
import dev.acrwatch.event.EventCount;
import dev.acrwatch.event.LogTable;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** Small builders shared by poll and scheduler tests. */
public final class Fixtures {

    private Fixtures() {}

    public static WorkspaceConfig workspace(String name, String... registries) {
        return new WorkspaceConfig(name, "00000000-0000-0000-0000-000000000000", Optional.empty(),
                new AuthConfig.None(), List.of(registries));
    }

    /** Defaults: poll every 60 s, settle 2 m, catch-up cap 6 h, first lookback 1 h. */
    public static PollConfig config() {
        return PollConfig.defaults();
    }

    /** {@code count} login events with this status, logged at {@code happened}, queryable from {@code ingested}. */
    public static EventCount row(String loginServer, String status, long count, Instant happened, Instant ingested) {
        return new EventCount(LogTable.LOGIN, happened.truncatedTo(ChronoUnit.MINUTES), loginServer, "Login",
                status, "ci-sp", "10.0.0.1", "", count, ingested,
                count * (double) (ingested.getEpochSecond() - happened.getEpochSecond()),
                ingested.getEpochSecond() - happened.getEpochSecond());
    }

    /** A row ingested shortly (30 s) after it happened. */
    public static EventCount row(String status, long count, Instant happened) {
        return row("prodacr.azurecr.io", status, count, happened, happened.plusSeconds(30));
    }
}
