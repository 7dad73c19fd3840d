package dev.acrwatch.rule;

import dev.acrwatch.event.EventCount;
import dev.acrwatch.poll.ClassifiedCount;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Learns expected callers of one workspace: an identity, or an IPv4 /24, seen in at least {@code k} of
 * the last {@code n} hours (hour buckets of TimeGenerated, counted back from the newest hour seen) on a
 * registry becomes an expected caller. Memory is bounded: at most {@code maxKeysPerRegistry} keys per
 * registry (the least-seen is evicted) and at most {@code n} hours per key. Off unless the daemon builds
 * one. It only sees the rows it is given: the poll query keeps identity and IP on failure rows and on
 * configured callers only, so real learning needs the separate per-hour query in docs/rules.md.
 */
public final class CallerLearner {

    /** One learned key as plain data, for the state store. */
    public record KeySeen(String registry, String key, List<Instant> hours, long events) {
        public KeySeen {
            hours = List.copyOf(hours);
        }
    }

    public static final Duration DEFAULT_MAX_SILENCE = Duration.ofMinutes(30);
    public static final int DEFAULT_MAX_KEYS_PER_REGISTRY = 1_000;
    private static final int MAX_NAME = 63;

    private final int k;
    private final int n;
    private final int maxKeys;
    private final Duration maxSilence;
    /** Hours a key was seen in, and how many events it had (the tie-break when evicting). */
    private static final class Seen {
        final TreeSet<Instant> hours = new TreeSet<>();
        long events;
    }

    // registry → key ("id:<lower identity>" or "ip:<a.b.c.0>") → when it was seen
    private final Map<String, Map<String, Seen>> seen = new TreeMap<>();
    private Instant newestHour;

    public CallerLearner(int k, int n) {
        this(k, n, DEFAULT_MAX_KEYS_PER_REGISTRY, DEFAULT_MAX_SILENCE);
    }

    /**
     * @param maxKeysPerRegistry identities and IPs are chosen by whoever calls the registry, so a flood
     *                           of made-up ones must not grow memory
     */
    public CallerLearner(int k, int n, int maxKeysPerRegistry, Duration maxSilence) {
        if (n < 1) {
            throw new InvalidRuleException("learn.hours", "must be at least 1, found " + n);
        }
        if (k < 1 || k > n) {
            throw new InvalidRuleException("learn.min_hours", "must be 1 to " + n + " (the hours looked at), found " + k);
        }
        if (maxKeysPerRegistry < 1) {
            throw new InvalidRuleException("learn.max_keys", "must be at least 1, found " + maxKeysPerRegistry);
        }
        if (maxSilence == null || maxSilence.isNegative() || maxSilence.isZero()) {
            throw new InvalidRuleException("learn.max_silence", "expected a positive duration like 30m, found "
                    + Durations.format(maxSilence));
        }
        this.k = k;
        this.n = n;
        this.maxKeys = maxKeysPerRegistry;
        this.maxSilence = maxSilence;
    }

    /** Takes rows of any status; a row with neither identity nor a valid IPv4 address teaches nothing. */
    public void accept(List<ClassifiedCount> rows) {
        for (ClassifiedCount cc : rows) {
            EventCount row = cc.row();
            if (row.count() <= 0) {
                continue;
            }
            String registry = CallerMatcher.lower(row.loginServer());
            if (registry.isEmpty()) {
                continue;
            }
            Instant hour = row.minute().truncatedTo(ChronoUnit.HOURS);
            if (newestHour == null || hour.isAfter(newestHour)) {
                newestHour = hour;
                prune();
            }
            if (!hour.isAfter(newestHour.minus(n, ChronoUnit.HOURS))) {
                continue;
            }
            String id = CallerMatcher.lower(row.identity());
            if (!id.isEmpty()) {
                record(registry, "id:" + id, hour, row.count());
            }
            OptionalLong ip = Ipv4Cidr.parseAddress(row.callerIp());
            if (ip.isPresent()) {
                record(registry, "ip:" + Ipv4Cidr.dotted(ip.getAsLong() & 0xFFFFFF00L), hour, row.count());
            }
        }
    }

    private void record(String registry, String key, Instant hour, long count) {
        Map<String, Seen> keys = seen.computeIfAbsent(registry, r -> new HashMap<>());
        if (!keys.containsKey(key) && keys.size() >= maxKeys) {
            evictLeastSeen(keys);
        }
        Seen s = keys.computeIfAbsent(key, x -> new Seen());
        s.hours.add(hour);
        s.events = s.events + count < 0 ? Long.MAX_VALUE : s.events + count;
    }

    // Fewest hours goes first, then fewest events: a flood of one-off keys evicts itself, while a busy
    // caller that is new this hour survives it. Then the one seen longest ago, then the larger key.
    private static void evictLeastSeen(Map<String, Seen> keys) {
        String victim = null;
        Seen worst = null;
        for (Map.Entry<String, Seen> e : keys.entrySet()) {
            Seen s = e.getValue();
            if (victim == null || worse(s, e.getKey(), worst, victim)) {
                victim = e.getKey();
                worst = s;
            }
        }
        keys.remove(victim);
    }

    private static boolean worse(Seen a, String aKey, Seen b, String bKey) {
        if (a.hours.size() != b.hours.size()) {
            return a.hours.size() < b.hours.size();
        }
        if (a.events != b.events) {
            return a.events < b.events;
        }
        if (!a.hours.last().equals(b.hours.last())) {
            return a.hours.last().isBefore(b.hours.last());
        }
        return aKey.compareTo(bKey) > 0;
    }

    private void prune() {
        Instant cutoff = newestHour.minus(n, ChronoUnit.HOURS);
        for (Map<String, Seen> keys : seen.values()) {
            keys.values().forEach(s -> s.hours.headSet(cutoff, true).clear());
            keys.values().removeIf(s -> s.hours.isEmpty());
        }
        seen.values().removeIf(Map::isEmpty);
    }

    /** Callers seen in at least k of the last n hours, sorted by registry and name. */
    public List<CallerSpec> learned() {
        List<CallerSpec> out = new ArrayList<>();
        seen.forEach((registry, keys) -> new TreeMap<>(keys).forEach((key, s) -> {
            if (s.hours.size() >= k) {
                out.add(caller(registry, key));
            }
        }));
        return out;
    }

    /** What has been seen, sorted, for the state store. */
    public List<KeySeen> snapshot() {
        List<KeySeen> out = new ArrayList<>();
        seen.forEach((registry, keys) -> new TreeMap<>(keys).forEach((key, s) ->
                out.add(new KeySeen(registry, key, List.copyOf(s.hours), s.events))));
        return out;
    }

    /** Replaces what has been seen with a saved state; the bounds of this learner apply to it. */
    public void restore(List<KeySeen> saved) {
        seen.clear();
        newestHour = null;
        for (KeySeen k : saved) {
            for (Instant h : k.hours()) {
                Instant hour = h.truncatedTo(ChronoUnit.HOURS);
                newestHour = newestHour == null || hour.isAfter(newestHour) ? hour : newestHour;
            }
        }
        for (KeySeen k : saved) {
            for (Instant h : k.hours()) {
                record(k.registry(), k.key(), h.truncatedTo(ChronoUnit.HOURS), 0);
            }
            Seen s = seen.getOrDefault(k.registry(), Map.of()).get(k.key());
            if (s != null) {
                s.events = k.events();
            }
        }
        if (newestHour != null) {
            prune();
        }
    }

    /** Distinct keys held for {@code registry} (for memory bounds and tests). */
    public int distinctKeys(String registry) {
        return seen.getOrDefault(CallerMatcher.lower(registry), Map.of()).size();
    }

    private CallerSpec caller(String registry, String key) {
        String value = key.substring(3);
        if (key.startsWith("ip:")) {
            return forIpBlock(registry, value + "/24", maxSilence);
        }
        return forIdentity(registry, value, maxSilence);
    }

    /** The learned caller for {@code identity} on {@code registry}, named {@code learned-id-<sanitised>}. */
    public static CallerSpec forIdentity(String registry, String identity, Duration maxSilence) {
        return new CallerSpec(registry, "learned-id-" + sanitise(identity), List.of(), List.of(identity), maxSilence);
    }

    /** The learned caller for an IPv4 block like {@code 10.240.1.0/24}, named {@code learned-ip-10-240-1-0-24}. */
    public static CallerSpec forIpBlock(String registry, String cidr, Duration maxSilence) {
        return new CallerSpec(registry, "learned-ip-" + cidr.replace('.', '-').replace('/', '-'), List.of(cidr),
                List.of(), maxSilence);
    }

    /**
     * Identity as a name part ([a-z0-9_-]); when anything had to change, a hash of the original is
     * appended so two identities that sanitise alike stay two callers.
     */
    static String sanitise(String identity) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < identity.length() && sb.length() < MAX_NAME; i++) {
            char ch = identity.charAt(i);
            boolean ok = ch >= 'a' && ch <= 'z' || ch >= '0' && ch <= '9' || ch == '_' || ch == '-';
            sb.append(ok ? ch : '-');
        }
        String s = sb.toString();
        if (s.equals(identity)) {
            return s;
        }
        return s + "-" + String.format(Locale.ROOT, "%08x", identity.hashCode());
    }
}
