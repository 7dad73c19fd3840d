package dev.acrwatch.rule;

import dev.acrwatch.event.EventCount;
import dev.acrwatch.event.FailureClass;
import dev.acrwatch.poll.ClassifiedCount;
import dev.acrwatch.rule.CallerSilenceState.CallerSeen;
import dev.acrwatch.rule.CallerSilenceState.RegistryTraffic;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Fires {@code acrwatch_expected_caller} (class network_drop, reason caller_silent) when a caller that
 * used to talk to a registry has sent nothing for its {@code max_silence} while that registry still had
 * other traffic and its workspace can be read: its requests are being dropped before they reach ACR.
 * Any matching row counts as seen, failures included (a caller getting 401s is not silent). A caller
 * never seen since start does not fire, so a typo in config does not page. Not thread-safe.
 */
public final class ExpectedCallerDetector {
    // Synchronized: learned callers arrive from the hourly learning job while polls feed rows.

    public static final String RULE_NAME = "acrwatch_expected_caller";
    public static final String RULE_TYPE = "expected_caller";
    public static final String REASON = "caller_silent";

    private record Key(String workspace, String registry, String caller) {}

    private record RegistryKey(String workspace, String registry) {}

    private final List<String> receivers;
    // Per workspace: configured callers first, then learned ones; names are unique per workspace.
    private final Map<String, List<CallerMatcher>> configured = new TreeMap<>();
    private final Map<String, List<CallerMatcher>> learned = new TreeMap<>();
    private final Map<Key, Instant> lastSeen = new LinkedHashMap<>();
    private final Map<RegistryKey, Instant> lastTraffic = new LinkedHashMap<>();
    private RuleCommon rule;

    /**
     * @param callersByWorkspace the {@code expected_callers} of each configured workspace
     * @throws InvalidRuleException naming {@code expected_callers[i].…} when a caller cannot work
     */
    public ExpectedCallerDetector(Map<String, List<CallerSpec>> callersByWorkspace, List<String> receivers) {
        this.receivers = receivers == null ? List.of() : List.copyOf(receivers);
        new TreeMap<>(callersByWorkspace).forEach((ws, callers) -> {
            List<CallerMatcher> ms = new ArrayList<>();
            for (int i = 0; i < callers.size(); i++) {
                ms.add(matcher(i, callers.get(i), ms));
            }
            configured.put(ws, List.copyOf(ms));
        });
        this.rule = buildRule();
    }

    private static CallerMatcher matcher(int i, CallerSpec c, List<CallerMatcher> before) {
        String at = "expected_callers[" + i + "].";
        Duration s = c.maxSilence();
        if (s == null || s.isNegative() || s.isZero()) {
            throw new InvalidRuleException(at + "max_silence", "expected a positive duration like 15m, found "
                    + Durations.format(s));
        }
        if (c.cidrs().isEmpty() && c.identities().isEmpty()) {
            throw new InvalidRuleException(at + "cidrs", "give cidrs or identities, or the caller can never be seen");
        }
        for (CallerMatcher m : before) {
            if (m.caller().name().equals(c.name())) {
                throw new InvalidRuleException(at + "name", "\"" + c.name() + "\" is listed twice");
            }
        }
        try {
            return new CallerMatcher(c);
        } catch (InvalidRuleException e) {
            throw new InvalidRuleException(at + e.field(), e.getMessage().substring(e.field().length() + 2));
        }
    }

    // The window only matters for groups that vanish (a learned caller dropped): take the longest silence.
    private RuleCommon buildRule() {
        long minutes = 1;
        for (CallerMatcher m : all()) {
            long s = m.caller().maxSilence().getSeconds();
            minutes = Math.max(minutes, (s + 59) / 60);
        }
        return new RuleCommon(RULE_NAME, RuleFilter.ALL, List.of(Dimension.WORKSPACE, Dimension.REGISTRY), Duration.ZERO,
                Severity.CRITICAL, Map.of("reason", REASON),
                Map.of("summary", "An expected caller stopped reaching the registry while others still do"),
                receivers, Duration.ofMinutes(minutes));
    }

    public RuleCommon rule() {
        return rule;
    }

    /**
     * Replaces the learned callers of {@code workspace}. A learned caller with the name, an identity or an
     * overlapping range of a configured caller on the same registry is ignored. Call it before {@link #accept} so the same poll's rows count for new callers.
     */
    public synchronized void setLearned(String workspace, List<CallerSpec> callers) {
        List<CallerMatcher> conf = configured.getOrDefault(workspace, List.of());
        List<CallerMatcher> ms = new ArrayList<>();
        for (CallerSpec c : callers) {
            boolean clash = conf.stream().anyMatch(m -> m.caller().name().equals(c.name()))
                    || ms.stream().anyMatch(m -> m.caller().name().equals(c.name()));
            CallerMatcher candidate = new CallerMatcher(c);
            if (!clash && conf.stream().noneMatch(m -> covers(m, candidate))) {
                ms.add(candidate);
            }
        }
        if (ms.isEmpty()) {
            learned.remove(workspace);
        } else {
            learned.put(workspace, List.copyOf(ms));
        }
        lastSeen.keySet().removeIf(k -> k.workspace().equals(workspace) && find(k) == null);
        rule = buildRule();
    }

    // A learned caller already watched under a configured name would only page twice for one drop.
    private static boolean covers(CallerMatcher configured, CallerMatcher learned) {
        if (!configured.registry().equals(learned.registry())) {
            return false;
        }
        boolean sameIdentity = learned.identities().stream().anyMatch(configured.identities()::contains);
        boolean sameRange = learned.ranges().stream().anyMatch(l -> configured.ranges().stream().anyMatch(l::overlaps));
        return sameIdentity || sameRange;
    }

    /** Takes one committed poll's rows of {@code workspace}. Late rows never move last seen backwards. */
    public synchronized void accept(String workspace, List<ClassifiedCount> rows) {
        merge(sightings(workspace, rows));
    }

    /**
     * What one poll's rows of {@code workspace} show: when each watched caller and registry was last seen in
     * them. Pure: the poll stores it in its transaction, and every node's evaluation reads it back.
     */
    public synchronized CallerSilenceState sightings(String workspace, List<ClassifiedCount> rows) {
        List<CallerMatcher> callers = callers(workspace);
        if (callers.isEmpty()) {
            return CallerSilenceState.EMPTY;
        }
        Map<Key, Instant> seen = new HashMap<>();
        Map<RegistryKey, Instant> traffic = new HashMap<>();
        for (ClassifiedCount cc : rows) {
            EventCount row = cc.row();
            if (row.count() <= 0) {
                continue;
            }
            Instant end = row.minute().truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
            String registry = CallerMatcher.lower(row.loginServer());
            boolean watched = false;
            for (CallerMatcher m : callers) {
                if (!m.registry().equals(registry)) {
                    continue;
                }
                watched = true;
                if (m.matches(row)) {
                    seen.merge(new Key(workspace, registry, m.caller().name()), end, ExpectedCallerDetector::max);
                }
            }
            // Only registries with a caller are kept, so a flood of made-up login servers costs nothing.
            if (watched) {
                traffic.merge(new RegistryKey(workspace, registry), end, ExpectedCallerDetector::max);
            }
        }
        List<CallerSeen> cs = new ArrayList<>();
        seen.forEach((k, t) -> cs.add(new CallerSeen(k.workspace(), k.registry(), k.caller(), t)));
        List<RegistryTraffic> rs = new ArrayList<>();
        traffic.forEach((k, t) -> rs.add(new RegistryTraffic(k.workspace(), k.registry(), t)));
        return new CallerSilenceState(cs, rs);
    }

    /** Moves last-seen times forward to {@code seen}'s, never back. */
    public synchronized void merge(CallerSilenceState seen) {
        for (CallerSeen c : seen.callers()) {
            Key k = new Key(c.workspace(), CallerMatcher.lower(c.registry()), c.caller());
            if (find(k) != null) {
                lastSeen.merge(k, c.lastSeen(), ExpectedCallerDetector::max);
            }
        }
        for (RegistryTraffic r : seen.registries()) {
            String reg = CallerMatcher.lower(r.registry());
            if (callers(r.workspace()).stream().anyMatch(m -> m.registry().equals(reg))) {
                lastTraffic.merge(new RegistryKey(r.workspace(), reg), r.lastEvent(), ExpectedCallerDetector::max);
            }
        }
    }

    /**
     * One verdict per expected caller at the data horizon {@code now}. Silent means: seen before, nothing
     * for at least max_silence, the workspace healthy, and the registry's last event within max_silence.
     */
    public synchronized List<RuleResult> evaluate(Instant now, SourceHealth health) {
        List<RuleResult> out = new ArrayList<>();
        for (String ws : workspaces()) {
            for (CallerMatcher m : callers(ws)) {
                CallerSpec c = m.caller();
                Duration maxSilence = c.maxSilence();
                Optional<Instant> seen = Optional.ofNullable(lastSeen.get(new Key(ws, m.registry(), c.name())));
                Instant traffic = lastTraffic.get(new RegistryKey(ws, m.registry()));
                long silent = seen.map(s -> Math.max(0, Duration.between(s, now).getSeconds())).orElse(0L);
                boolean active = seen.isPresent()
                        && silent >= maxSilence.getSeconds()
                        && health.isHealthy(ws)
                        && traffic != null && Duration.between(traffic, now).compareTo(maxSilence) < 0;
                Map<String, String> labels = Map.of("workspace", ws, "registry", m.registry(), "caller", c.name());
                out.add(RuleResult.bare(RULE_NAME, RULE_TYPE, labels, active, silent, maxSilence.getSeconds(),
                        maxSilence, seen));
            }
        }
        return out;
    }

    /** Evaluates and steps the lifecycle in one go. */
    public List<AlertIntent> observe(AlertStateMachine machine, Instant now, SourceHealth health) {
        return machine.observe(rule, RULE_TYPE, FailureClass.NETWORK_DROP.label(), evaluate(now, health), now);
    }

    /** When a caller was last seen (end of its last minute), empty until it was active once. */
    public synchronized Optional<Instant> lastSeen(String workspace, String registry, String caller) {
        return Optional.ofNullable(lastSeen.get(new Key(workspace, CallerMatcher.lower(registry), caller)));
    }

    /** Every tracked caller (configured, then learned) per workspace. */
    public synchronized Map<String, List<CallerSpec>> callers() {
        Map<String, List<CallerSpec>> out = new TreeMap<>();
        for (String ws : workspaces()) {
            out.put(ws, callers(ws).stream().map(CallerMatcher::caller).toList());
        }
        return out;
    }

    /** The state as plain data, sorted, for the state store. */
    public synchronized CallerSilenceState snapshot() {
        List<CallerSeen> cs = new ArrayList<>();
        lastSeen.forEach((k, t) -> cs.add(new CallerSeen(k.workspace(), k.registry(), k.caller(), t)));
        cs.sort(Comparator.comparing(CallerSeen::workspace).thenComparing(CallerSeen::registry)
                .thenComparing(CallerSeen::caller));
        List<RegistryTraffic> rs = new ArrayList<>();
        lastTraffic.forEach((k, t) -> rs.add(new RegistryTraffic(k.workspace(), k.registry(), t)));
        rs.sort(Comparator.comparing(RegistryTraffic::workspace).thenComparing(RegistryTraffic::registry));
        return new CallerSilenceState(cs, rs);
    }

    /**
     * Replaces the state with a saved one (after a restart or on another node). Entries for callers or
     * registries no longer configured are dropped; learned callers must be set again first.
     */
    public synchronized void restore(CallerSilenceState saved) {
        lastSeen.clear();
        lastTraffic.clear();
        merge(saved);
    }

    private CallerMatcher find(Key k) {
        for (CallerMatcher m : callers(k.workspace())) {
            if (m.registry().equals(k.registry()) && m.caller().name().equals(k.caller())) {
                return m;
            }
        }
        return null;
    }

    private List<String> workspaces() {
        TreeSet<String> ws = new TreeSet<>(configured.keySet());
        ws.addAll(learned.keySet());
        return List.copyOf(ws);
    }

    private List<CallerMatcher> callers(String workspace) {
        List<CallerMatcher> out = new ArrayList<>(configured.getOrDefault(workspace, List.of()));
        out.addAll(learned.getOrDefault(workspace, List.of()));
        return out;
    }

    private List<CallerMatcher> all() {
        List<CallerMatcher> out = new ArrayList<>();
        workspaces().forEach(ws -> out.addAll(callers(ws)));
        return out;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
