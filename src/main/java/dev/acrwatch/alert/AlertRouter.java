package dev.acrwatch.alert;

import dev.acrwatch.rule.AlertIntent;
import dev.acrwatch.rule.GroupKey;
import dev.acrwatch.rule.IntentKind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Turns alert intents into notifications: routes each to the rule's receivers, holds back silenced and
 * inhibited firing alerts (and sends them once released, if still firing), and batches per
 * (receiver, group) with group_wait / group_interval. A notification carries the alerts that changed
 * since the group's last flush. A resolved alert is sent only to receivers that were told it fired and
 * have send_resolved on; an alert that resolves before its firing was flushed is dropped silently.
 * Not thread-safe: the evaluator owns it.
 */
public final class AlertRouter {

    private record Entry(AlertIntent intent, AlertSnapshot snapshot) {
        String alertKey() {
            return intent.alertKey();
        }
    }

    private static final class Batch {
        final String receiver;
        final String groupKey;
        final SortedMap<String, String> groupLabels;
        final Map<String, Entry> pending = new LinkedHashMap<>();
        final Set<String> firingMembers = new HashSet<>();
        Instant nextFlush;
        Instant lastFlush;

        Batch(String receiver, String groupKey, SortedMap<String, String> groupLabels) {
            this.receiver = receiver;
            this.groupKey = groupKey;
            this.groupLabels = groupLabels;
        }
    }

    private final Map<String, Route> routes;
    private final SilenceRegistry silences;
    private final List<InhibitRule> inhibitions;
    private final Map<String, Entry> firing = new TreeMap<>();
    private final Map<String, Entry> held = new TreeMap<>();
    private final Set<String> told = new HashSet<>();
    private final Map<String, Batch> batches = new TreeMap<>();

    /** @param routes per receiver; receivers without one get {@link Route#defaults(String)} */
    public AlertRouter(List<Route> routes, SilenceRegistry silences, List<InhibitRule> inhibitions) {
        this.routes = new HashMap<>();
        routes.forEach(r -> this.routes.put(r.receiver(), r));
        this.silences = silences;
        this.inhibitions = List.copyOf(inhibitions);
    }

    /**
     * Takes the intents of one evaluation; each is timed by its own {@code at()}. The set of firing alerts
     * is updated first, so an inhibiting alert holds back its targets whatever the order of the list.
     */
    public void accept(List<AlertIntent> intents) {
        List<Entry> entries = intents.stream().map(i -> new Entry(i, AlertSnapshots.of(i))).toList();
        for (Entry e : entries) {
            if (e.intent().kind() == IntentKind.RESOLVED) {
                firing.remove(e.alertKey());
            } else {
                firing.put(e.alertKey(), e);
            }
        }
        entries.forEach(this::route);
        if (!intents.isEmpty()) {
            release(intents.get(intents.size() - 1).at());
        }
    }

    private void route(Entry e) {
        AlertIntent intent = e.intent();
        boolean resolved = intent.kind() == IntentKind.RESOLVED;
        for (String receiver : intent.rule().receivers()) {
            String rk = receiver + "|" + e.alertKey();
            String toldKey = rk + "|" + intent.episodeStart();
            if (resolved) {
                held.remove(rk);
                if (!told.remove(toldKey) || dropUnflushedFiring(receiver, e)) {
                    continue;
                }
                if (route(receiver).sendResolved()) {
                    enqueue(receiver, e, intent.at());
                } else {
                    batchFor(receiver, e.snapshot()).firingMembers.remove(e.alertKey());
                }
            } else if (suppressed(e.snapshot().labels(), intent.at()) != null) {
                held.put(rk, e);
            } else {
                held.remove(rk);
                told.add(toldKey);
                enqueue(receiver, e, intent.at());
            }
        }
    }

    /** Releases held alerts that are no longer suppressed, then returns the batches that are due. */
    public List<Notification> flush(Instant now) {
        release(now);
        List<Notification> out = new ArrayList<>();
        for (var it = batches.values().iterator(); it.hasNext(); ) {
            Batch b = it.next();
            if (b.nextFlush == null || b.nextFlush.isAfter(now)) {
                continue;
            }
            List<Entry> entries = new ArrayList<>(b.pending.values());
            entries.sort(Comparator.comparing(Entry::alertKey));
            out.add(new Notification(dedupKey(b, entries), b.receiver, b.groupKey, b.groupLabels,
                    entries.stream().map(Entry::snapshot).toList(), now));
            b.pending.clear();
            b.nextFlush = null;
            b.lastFlush = now;
            if (b.firingMembers.isEmpty()) {
                it.remove(); // an empty group starts over with group_wait
            }
        }
        return out;
    }

    /** Sends held alerts on once no silence or firing inhibitor holds them any more. */
    private void release(Instant now) {
        for (var it = held.entrySet().iterator(); it.hasNext(); ) {
            var h = it.next();
            Entry e = h.getValue();
            if (!firing.containsKey(e.alertKey())) {
                it.remove();
            } else if (suppressed(e.snapshot().labels(), now) == null) {
                it.remove();
                String receiver = h.getKey().substring(0, h.getKey().length() - e.alertKey().length() - 1);
                told.add(h.getKey() + "|" + e.intent().episodeStart());
                enqueue(receiver, e, now);
            }
        }
    }

    /** The router's state as plain records, to persist with the outbox. */
    public RouterState state() {
        List<RouterState.Held> h = new ArrayList<>();
        held.forEach((rk, e) -> h.add(new RouterState.Held(
                rk.substring(0, rk.length() - e.alertKey().length() - 1), e.intent())));
        List<RouterState.Group> g = new ArrayList<>();
        for (Batch b : batches.values()) {
            g.add(new RouterState.Group(b.receiver, b.groupLabels,
                    b.pending.values().stream().map(Entry::intent).toList(), new java.util.TreeSet<>(b.firingMembers),
                    java.util.Optional.ofNullable(b.nextFlush), java.util.Optional.ofNullable(b.lastFlush)));
        }
        return new RouterState(firing.values().stream().map(Entry::intent).toList(), h,
                new java.util.TreeSet<>(told), g);
    }

    /** A router continuing from saved state (after a restart or on another node). */
    public static AlertRouter restore(List<Route> routes, SilenceRegistry silences, List<InhibitRule> inhibitions,
            RouterState saved) {
        AlertRouter r = new AlertRouter(routes, silences, inhibitions);
        r.replaceState(saved);
        return r;
    }

    /** Forgets everything and continues from {@code saved} (another node routed since this one last did). */
    public void replaceState(RouterState saved) {
        firing.clear();
        held.clear();
        told.clear();
        batches.clear();
        saved.firing().forEach(i -> firing.put(i.alertKey(), new Entry(i, AlertSnapshots.of(i))));
        saved.held().forEach(h -> held.put(h.receiver() + "|" + h.intent().alertKey(),
                new Entry(h.intent(), AlertSnapshots.of(h.intent()))));
        told.addAll(saved.told());
        for (RouterState.Group g : saved.groups()) {
            String gk = GroupKey.encode(g.groupLabels());
            Batch b = new Batch(g.receiver(), gk, new TreeMap<>(g.groupLabels()));
            g.pending().forEach(i -> b.pending.put(i.alertKey(), new Entry(i, AlertSnapshots.of(i))));
            b.firingMembers.addAll(g.firingMembers());
            b.nextFlush = g.nextFlush().orElse(null);
            b.lastFlush = g.lastFlush().orElse(null);
            batches.put(g.receiver() + "|" + gk, b);
        }
    }

    /** How many firing alerts are held back right now, by reason. */
    public SuppressionCounts suppression(Instant now) {
        long silenced = 0;
        long inhibited = 0;
        for (Entry f : firing.values()) {
            String why = suppressed(f.snapshot().labels(), now);
            if ("silenced".equals(why)) {
                silenced++;
            } else if ("inhibited".equals(why)) {
                inhibited++;
            }
        }
        return new SuppressionCounts(silenced, inhibited);
    }

    /** "silenced", "inhibited" or null. */
    private String suppressed(Map<String, String> labels, Instant now) {
        if (silences.silencing(labels, now).isPresent()) {
            return "silenced";
        }
        for (InhibitRule rule : inhibitions) {
            for (Entry source : firing.values()) {
                if (rule.inhibits(source.snapshot().labels(), labels)) {
                    return "inhibited";
                }
            }
        }
        return null;
    }

    private Route route(String receiver) {
        return routes.getOrDefault(receiver, Route.defaults(receiver));
    }

    private Batch batchFor(String receiver, AlertSnapshot s) {
        SortedMap<String, String> groupLabels = new TreeMap<>();
        for (String l : route(receiver).groupBy()) {
            groupLabels.put(l, s.labels().getOrDefault(l, ""));
        }
        String gk = GroupKey.encode(groupLabels);
        return batches.computeIfAbsent(receiver + "|" + gk, k -> new Batch(receiver, gk, groupLabels));
    }

    private void enqueue(String receiver, Entry e, Instant at) {
        Route route = route(receiver);
        Batch b = batchFor(receiver, e.snapshot());
        b.pending.put(e.alertKey(), e);
        if (e.intent().kind() == IntentKind.RESOLVED) {
            b.firingMembers.remove(e.alertKey());
        } else {
            b.firingMembers.add(e.alertKey());
        }
        if (b.nextFlush == null) {
            Instant next = b.lastFlush == null ? at.plus(route.groupWait()) : b.lastFlush.plus(route.groupInterval());
            b.nextFlush = next.isBefore(at) ? at : next;
        }
    }

    /** The alert fired and resolved before its first notification went out: say nothing at all. */
    private boolean dropUnflushedFiring(String receiver, Entry resolved) {
        Batch b = batchFor(receiver, resolved.snapshot());
        Entry pending = b.pending.get(resolved.alertKey());
        if (pending == null || pending.intent().kind() != IntentKind.FIRING
                || !pending.intent().episodeStart().equals(resolved.intent().episodeStart())) {
            return false;
        }
        b.pending.remove(resolved.alertKey());
        b.firingMembers.remove(resolved.alertKey());
        if (b.pending.isEmpty()) {
            b.nextFlush = null;
            if (b.firingMembers.isEmpty()) {
                batches.remove(receiver + "|" + b.groupKey);
            }
        }
        return true;
    }

    private static String dedupKey(Batch b, List<Entry> entries) {
        StringBuilder sb = new StringBuilder();
        entries.forEach(e -> sb.append(e.intent().dedupKey()).append('\n'));
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return b.receiver + "|" + b.groupKey + "|" + HexFormat.of().formatHex(h, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }
}
