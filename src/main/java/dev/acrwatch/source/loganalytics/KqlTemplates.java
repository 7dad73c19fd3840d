package dev.acrwatch.source.loganalytics;

import dev.acrwatch.config.ExpectedCaller;
import dev.acrwatch.config.PollConfig;
import dev.acrwatch.config.WorkspaceConfig;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.source.IngestionInterval;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

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
     * @throws IllegalArgumentException when a configured registry is not a DNS name, or an expected
     *     caller's range or identity cannot be a KQL literal (nothing is rendered)
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
                "keepDetail", keepDetail(workspace)));
        return new PollQuery(text, tgLo, interval.toInclusive());
    }

    /**
     * The backtest query for rows of {@code table} whose TimeGenerated is in {@code [from, to)} of
     * {@code interval}, however late they were ingested: a past interval as it happened. Same columns and
     * caller detail as {@link #pollQuery}; the API {@code timespan} is the interval itself.
     *
     * @throws IllegalArgumentException as {@link #pollQuery}
     */
    public static PollQuery backtestQuery(LogTable table, WorkspaceConfig workspace, IngestionInterval interval) {
        List<String> registries = loginServers(workspace);
        KqlRenderer.Value registryFilter = registries.isEmpty()
                ? KqlRenderer.Value.EMPTY
                : KqlRenderer.Value.template("registry-filter", Map.of("registries", KqlRenderer.Value.strings(registries)));
        String name = switch (table) {
            case LOGIN -> "backtest-login";
            case REPOSITORY -> "backtest-repository";
        };
        String text = KqlRenderer.render(name, Map.of(
                "lo", KqlRenderer.Value.datetime(interval.fromExclusive()),
                "hi", KqlRenderer.Value.datetime(interval.toInclusive()),
                "registryFilter", registryFilter,
                "keepDetail", keepDetail(workspace)));
        return new PollQuery(text, interval.fromExclusive(), interval.toInclusive());
    }

    /**
     * The learning query: per registry, each identity and each IPv4 /24 seen in at least
     * {@code minHours} distinct TimeGenerated hours of the {@code ofHours} hours ending at {@code now}.
     *
     * @param timespanStart the start of the oldest hour counted (whole hours, so at most {@code ofHours} bins)
     * @param timespanEnd   {@code now}
     */
    public record LearningQuery(String text, Instant timespanStart, Instant timespanEnd) {}

    /** At most this many callers come back; the most regular ones first. */
    public static final int MAX_LEARNED_ROWS = 5000;

    /**
     * The learning query for {@code workspace} with its {@code learn_callers} settings.
     *
     * @throws IllegalArgumentException when a configured registry is not a DNS name
     */
    public static LearningQuery learningQuery(WorkspaceConfig workspace, Instant now) {
        int ofHours = workspace.learnCallers().ofHours();
        Instant lo = now.truncatedTo(java.time.temporal.ChronoUnit.HOURS).minus(java.time.Duration.ofHours(ofHours - 1));
        List<String> registries = loginServers(workspace);
        KqlRenderer.Value registryFilter = registries.isEmpty()
                ? KqlRenderer.Value.EMPTY
                : KqlRenderer.Value.template("registry-filter", Map.of("registries", KqlRenderer.Value.strings(registries)));
        String text = KqlRenderer.render("learn-callers", Map.of(
                "lo", KqlRenderer.Value.datetime(lo),
                "hi", KqlRenderer.Value.datetime(now),
                "registryFilter", registryFilter,
                "minHours", KqlRenderer.Value.integer(workspace.learnCallers().minHours()),
                "maxRows", KqlRenderer.Value.integer(MAX_LEARNED_ROWS)));
        return new LearningQuery(text, lo, now);
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

    /**
     * Which rows keep Identity / CallerIpAddress / Repository: failures, and rows of expected
     * callers (their successes are what shows they are still getting through). Either way the
     * result grows with failures and expected callers, not with traffic.
     */
    private static KqlRenderer.Value keepDetail(WorkspaceConfig workspace) {
        Map<String, List<ExpectedCaller>> byRegistry = new LinkedHashMap<>();
        for (ExpectedCaller caller : workspace.expectedCallers()) {
            byRegistry.computeIfAbsent(caller.registry(), r -> new ArrayList<>()).add(caller);
        }
        KqlRenderer.Value callers = KqlRenderer.Value.EMPTY;
        for (Map.Entry<String, List<ExpectedCaller>> e : byRegistry.entrySet()) {
            KqlRenderer.Value registry = KqlRenderer.Value.template("expected-callers", Map.of(
                    "registry", KqlRenderer.Value.string(checked(workspace, e.getValue().get(0), "registry",
                            () -> KqlLiterals.loginServer(e.getKey()))),
                    "match", callerMatch(workspace, e.getValue())));
            callers = callers == KqlRenderer.Value.EMPTY ? registry
                    : KqlRenderer.Value.template("next-line", Map.of("previous", callers, "next", registry));
        }
        return KqlRenderer.Value.template("keep-detail", Map.of("expectedCallers", callers));
    }

    /** {@code ipv4_is_in_range(…) or … or Identity in~ (…)} for all callers of one registry. */
    private static KqlRenderer.Value callerMatch(WorkspaceConfig workspace, List<ExpectedCaller> callers) {
        List<KqlRenderer.Value> terms = new ArrayList<>();
        Set<String> identitiesSeen = new HashSet<>();
        List<String> identities = new ArrayList<>();
        for (ExpectedCaller caller : callers) {
            for (int i = 0; i < caller.cidrs().size(); i++) {
                String cidr = caller.cidrs().get(i);
                terms.add(KqlRenderer.Value.template("cidr-match", Map.of("cidr", KqlRenderer.Value.string(
                        checked(workspace, caller, "cidrs[" + i + "]", () -> KqlLiterals.ipv4Cidr(cidr))))));
            }
            for (int i = 0; i < caller.identities().size(); i++) {
                String identity = caller.identities().get(i);
                // rendered here only to name the offending identity; the list below renders them again
                checked(workspace, caller, "identities[" + i + "]", () -> KqlLiterals.string(identity));
                if (identitiesSeen.add(identity.toLowerCase(Locale.ROOT))) {
                    identities.add(identity);
                }
            }
        }
        if (!identities.isEmpty()) {
            terms.add(KqlRenderer.Value.template("identity-match",
                    Map.of("identities", KqlRenderer.Value.strings(identities))));
        }
        if (terms.isEmpty()) {
            throw new IllegalArgumentException("workspace " + KqlLiterals.quoteForMessage(workspace.name())
                    + " expected caller " + KqlLiterals.quoteForMessage(callers.get(0).name())
                    + ": needs cidrs or identities");
        }
        KqlRenderer.Value match = terms.get(0);
        for (KqlRenderer.Value term : terms.subList(1, terms.size())) {
            match = KqlRenderer.Value.template("or", Map.of("left", match, "right", term));
        }
        return match;
    }

    private static String checked(WorkspaceConfig workspace, ExpectedCaller caller, String what,
            Supplier<String> render) {
        try {
            return render.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("workspace " + KqlLiterals.quoteForMessage(workspace.name())
                    + " expected caller " + KqlLiterals.quoteForMessage(caller.name()) + " " + what + ": "
                    + e.getMessage(), e);
        }
    }
}
