package dev.acrwatch.poll;

import dev.acrwatch.config.ExpectedCaller;
import dev.acrwatch.config.WorkspaceConfig;
import dev.acrwatch.rule.CallerLearner;
import dev.acrwatch.rule.CallerSpec;
import dev.acrwatch.rule.ExpectedCallerDetector;
import dev.acrwatch.rule.Ipv4Cidr;
import dev.acrwatch.source.CallerSightings;
import dev.acrwatch.source.CallerSightings.Sighting;
import dev.acrwatch.source.SourceException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns expected callers from each workspace's traffic ({@code learn_callers}): asks the learning
 * query, turns regular callers into {@link CallerSpec}s and hands them to the detector. Meant to run
 * once an hour ({@link #PERIOD}); the daemon schedules {@link #runOnce()}.
 */
public final class LearnCallers {

    /** The window moves by whole hours, so asking more often only costs queries. */
    public static final Duration PERIOD = Duration.ofHours(1);

    private static final Logger LOG = LoggerFactory.getLogger(LearnCallers.class);

    /** What one workspace's run did: the callers now learned, or why they were left as they were. */
    public record Outcome(String workspace, List<CallerSpec> learned, int skippedAsConfigured,
            Optional<String> failure) {}

    private record Learning(WorkspaceConfig workspace, CallerSightings sightings) {}

    private final List<Learning> workspaces;
    private final ExpectedCallerDetector detector;
    private final Clock clock;

    /**
     * @param sightings the learning adapter for a workspace; asked only for workspaces with learning enabled
     */
    public LearnCallers(List<WorkspaceConfig> workspaces, Function<WorkspaceConfig, CallerSightings> sightings,
            ExpectedCallerDetector detector, Clock clock) {
        List<Learning> out = new ArrayList<>();
        for (WorkspaceConfig ws : workspaces) {
            if (ws.learnCallers().enabled()) {
                out.add(new Learning(ws, sightings.apply(ws)));
            }
        }
        this.workspaces = List.copyOf(out);
        this.detector = detector;
        this.clock = clock;
    }

    /** Whether any workspace learns callers (else there is nothing to schedule). */
    public boolean hasWork() {
        return !workspaces.isEmpty();
    }

    /**
     * Queries every learning workspace once and replaces its learned callers. A failed query leaves
     * that workspace's learned callers as they were: forgetting them would end their alerts.
     */
    public List<Outcome> runOnce() {
        List<Outcome> outcomes = new ArrayList<>();
        for (Learning l : workspaces) {
            String name = l.workspace().name();
            List<Sighting> seen;
            try {
                seen = l.sightings().regularCallers(clock.instant());
            } catch (SourceException e) {
                LOG.warn("learning callers failed, keeping the previous ones: {} ({})", e.getMessage(), e.reason());
                outcomes.add(new Outcome(name, List.of(), 0, Optional.of(e.getMessage())));
                continue;
            } catch (RuntimeException e) {
                LOG.warn("learning callers failed for workspace {}, keeping the previous ones", name, e);
                outcomes.add(new Outcome(name, List.of(), 0, Optional.of(String.valueOf(e.getMessage()))));
                continue;
            }
            Map<String, CallerSpec> specs = new LinkedHashMap<>();
            int skipped = 0;
            for (Sighting s : seen) {
                Optional<CallerSpec> spec = toSpec(s, l.workspace().learnCallers().maxSilence());
                if (spec.isEmpty()) {
                    continue;
                }
                if (isConfigured(l.workspace(), spec.get())) {
                    skipped++;
                } else {
                    specs.putIfAbsent(spec.get().name(), spec.get());
                }
            }
            List<CallerSpec> learned = List.copyOf(specs.values());
            detector.setLearned(name, learned);
            LOG.info("workspace {}: {} learned callers ({} already configured)", name, learned.size(), skipped);
            outcomes.add(new Outcome(name, learned, skipped, Optional.empty()));
        }
        return outcomes;
    }

    /** The caller a sighting stands for; empty for a block that is not a valid IPv4 range. */
    public static Optional<CallerSpec> toSpec(Sighting s, Duration maxSilence) {
        String registry = s.registry().toLowerCase(Locale.ROOT);
        return switch (s.kind()) {
            case IDENTITY -> s.caller().isEmpty() ? Optional.empty()
                    : Optional.of(CallerLearner.forIdentity(registry, s.caller(), maxSilence));
            case IP_BLOCK -> parse(s.caller()).map(c -> CallerLearner.forIpBlock(registry, c.toString(), maxSilence));
        };
    }

    /**
     * Whether a configured caller of {@code ws} on the same registry has the learned caller's identity or
     * an overlapping range: it is watched under its own name already, learning it again would page twice.
     */
    public static boolean isConfigured(WorkspaceConfig ws, CallerSpec learned) {
        for (ExpectedCaller c : ws.expectedCallers()) {
            if (!c.registry().equalsIgnoreCase(learned.registry())) {
                continue;
            }
            for (String id : learned.identities()) {
                if (c.identities().stream().anyMatch(id::equalsIgnoreCase)) {
                    return true;
                }
            }
            for (String block : learned.cidrs()) {
                Optional<Ipv4Cidr> b = parse(block);
                if (b.isPresent() && c.cidrs().stream().map(LearnCallers::parse).flatMap(Optional::stream)
                        .anyMatch(b.get()::overlaps)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Optional<Ipv4Cidr> parse(String cidr) {
        try {
            return Optional.of(Ipv4Cidr.parse(cidr));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
