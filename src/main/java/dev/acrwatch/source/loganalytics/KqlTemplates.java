package dev.acrwatch.source.loganalytics;

import dev.acrwatch.config.PollConfig;
import dev.acrwatch.config.WorkspaceConfig;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.source.IngestionInterval;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The exact KQL acr-watch sends; the adapter, the {@code kql} command, backtests and the parser check share it. */
public final class KqlTemplates {

    private KqlTemplates() {}

    /**
     * One poll query and the API {@code timespan} that goes with it.
     *
     * @param timespanStart lower TimeGenerated bound: the interval start minus the late tolerance
     * @param timespanEnd   upper bound: the interval end
     */
    public record PollQuery(String text, Instant timespanStart, Instant timespanEnd) {}

    /**
     * The query for rows of {@code table} that became queryable in {@code interval}.
     *
     * @throws IllegalArgumentException when a configured registry is not a DNS name (nothing is rendered)
     */
    public static PollQuery pollQuery(LogTable table, WorkspaceConfig workspace, PollConfig poll,
            IngestionInterval interval) {
        List<String> registries = loginServers(workspace);
        Instant tgLo = interval.fromExclusive().minus(poll.lateTolerance());
        KqlRenderer.Value registryFilter = registries.isEmpty()
                ? KqlRenderer.Value.EMPTY
                : KqlRenderer.Value.template("registry-filter", Map.of("registries", KqlRenderer.Value.strings(registries)));
        String text = KqlRenderer.render(templateName(table), Map.of(
                "lo", KqlRenderer.Value.datetime(interval.fromExclusive()),
                "hi", KqlRenderer.Value.datetime(interval.toInclusive()),
                "tgLo", KqlRenderer.Value.datetime(tgLo),
                "registryFilter", registryFilter,
                "keepDetail", keepDetail()));
        return new PollQuery(text, tgLo, interval.toInclusive());
    }

    /** The configured registries, validated as DNS names and lower-cased. */
    public static List<String> loginServers(WorkspaceConfig workspace) {
        List<String> out = new ArrayList<>();
        List<String> configured = workspace.registries();
        for (int i = 0; i < configured.size(); i++) {
            try {
                out.add(KqlLiterals.loginServer(configured.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "workspace " + KqlLiterals.quoteForMessage(workspace.name()) + " registries[" + i + "]: "
                                + e.getMessage(), e);
            }
        }
        return out;
    }

    static String templateName(LogTable table) {
        return switch (table) {
            case LOGIN -> "poll-login";
            case REPOSITORY -> "poll-repository";
        };
    }

    // A fragment of its own: expected callers (ipv4_is_in_range / identity match) will be ORed in here.
    private static KqlRenderer.Value keepDetail() {
        return KqlRenderer.Value.template("keep-detail", Map.of());
    }
}
