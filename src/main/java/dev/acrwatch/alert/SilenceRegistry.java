package dev.acrwatch.alert;

import dev.acrwatch.rule.InvalidRuleException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/** The silences, shared by the router, the HTTP API and the CLI. Every change returns its audit record. Thread-safe. */
public final class SilenceRegistry {

    private final Clock clock;
    private final Supplier<String> ids;
    private final Map<String, Silence> silences = new LinkedHashMap<>();
    private java.util.function.Consumer<Silence> persist = s -> { };

    public SilenceRegistry(Clock clock) {
        this(clock, () -> UUID.randomUUID().toString(), List.of());
    }

    /** @param saved silences to start from (after a restart) */
    public SilenceRegistry(Clock clock, Supplier<String> ids, Collection<Silence> saved) {
        this.clock = clock;
        this.ids = ids;
        saved.forEach(s -> silences.put(s.id(), s));
    }

    /**
     * Saves every created or expired silence before this registry shows it, so a silence that could not be
     * stored fails its request instead of vanishing at the next reload from the store.
     */
    public synchronized void persistWith(java.util.function.Consumer<Silence> persist) {
        this.persist = java.util.Objects.requireNonNull(persist, "persist");
    }

    /** Creates a silence; {@code startsAt} null means now. */
    public synchronized SilenceChange add(List<LabelMatcher> matchers, Instant startsAt, Instant endsAt,
            String createdBy, String comment) {
        Instant now = clock.instant();
        Instant start = startsAt == null ? now : startsAt;
        if (endsAt != null && !endsAt.isAfter(now)) {
            throw new InvalidRuleException("endsAt", "must be in the future, found " + endsAt);
        }
        if (endsAt != null && !endsAt.isAfter(start)) {
            throw new InvalidRuleException("endsAt", "must be after startsAt (" + start + "), found " + endsAt);
        }
        Silence s = new Silence(ids.get(), matchers, start, endsAt, createdBy, comment);
        persist.accept(s);
        silences.put(s.id(), s);
        return new SilenceChange("create", s.id(), createdBy, comment, now, s);
    }

    /** Ends a silence now. */
    public synchronized SilenceChange expire(String id, String by, String reason) {
        Instant now = clock.instant();
        Silence s = silences.get(id);
        if (s == null) {
            throw new InvalidRuleException("id", "no silence \"" + id + "\"");
        }
        if (s.isExpired(now)) {
            throw new InvalidRuleException("id", "silence \"" + id + "\" already expired at " + s.endsAt());
        }
        if (by == null || by.isBlank()) {
            throw new InvalidRuleException("by", "say who expires the silence");
        }
        Instant start = s.startsAt().isAfter(now) ? now : s.startsAt();
        Silence ended = new Silence(s.id(), s.matchers(), start, now, s.createdBy(), s.comment());
        persist.accept(ended);
        silences.put(id, ended);
        return new SilenceChange("expire", id, by, reason == null ? "" : reason, now, ended);
    }

    public synchronized List<Silence> active() {
        Instant now = clock.instant();
        return sorted(silences.values().stream().filter(s -> s.isActive(now)).toList());
    }

    public synchronized List<Silence> expired() {
        Instant now = clock.instant();
        return sorted(silences.values().stream().filter(s -> s.isExpired(now)).toList());
    }

    /** Every silence (pending, active, expired), to persist. */
    public synchronized List<Silence> all() {
        return sorted(silences.values());
    }

    /** The first active silence muting these labels at {@code now}. */
    public synchronized Optional<Silence> silencing(Map<String, String> labels, Instant now) {
        return silences.values().stream().filter(s -> s.isActive(now) && s.matches(labels)).findFirst();
    }

    /** Replaces every silence with the stored ones (other nodes may have added or expired some). */
    public synchronized void replaceAll(Collection<Silence> stored) {
        silences.clear();
        stored.forEach(s -> silences.put(s.id(), s));
    }

    /** Forgets silences that expired before {@code cutoff} (keep them a while for the audit view). */
    public synchronized void forgetExpiredBefore(Instant cutoff) {
        silences.values().removeIf(s -> s.endsAt().isBefore(cutoff));
    }

    private static List<Silence> sorted(Collection<Silence> c) {
        List<Silence> out = new ArrayList<>(c);
        out.sort(Comparator.comparing(Silence::startsAt).thenComparing(Silence::id));
        return out;
    }
}
