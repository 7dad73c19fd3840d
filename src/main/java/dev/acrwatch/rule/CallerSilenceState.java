package dev.acrwatch.rule;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The expected-caller detector's state as plain data, for the state store: when each caller was last
 * seen (present only once it was active) and when each watched registry last had any event.
 */
public record CallerSilenceState(List<CallerSeen> callers, List<RegistryTraffic> registries) {

    /**
     * @param lastSeen end of the last TimeGenerated minute with a matching event (minute + 1 min)
     */
    public record CallerSeen(String workspace, String registry, String caller, Instant lastSeen) {
        public CallerSeen {
            Objects.requireNonNull(workspace, "workspace");
            Objects.requireNonNull(registry, "registry");
            Objects.requireNonNull(caller, "caller");
            Objects.requireNonNull(lastSeen, "lastSeen");
        }
    }

    /** @param lastEvent end of the last TimeGenerated minute with any event on the registry */
    public record RegistryTraffic(String workspace, String registry, Instant lastEvent) {
        public RegistryTraffic {
            Objects.requireNonNull(workspace, "workspace");
            Objects.requireNonNull(registry, "registry");
            Objects.requireNonNull(lastEvent, "lastEvent");
        }
    }

    public CallerSilenceState {
        callers = List.copyOf(callers);
        registries = List.copyOf(registries);
    }

    public static final CallerSilenceState EMPTY = new CallerSilenceState(List.of(), List.of());

    /** Both states together, keeping the later time of each caller and registry (sightings never go back). */
    public CallerSilenceState mergedWith(CallerSilenceState other) {
        java.util.Map<List<String>, Instant> seen = new java.util.TreeMap<>(java.util.Comparator
                .comparing((List<String> k) -> k.get(0)).thenComparing(k -> k.get(1)).thenComparing(k -> k.get(2)));
        java.util.Map<List<String>, Instant> traffic = new java.util.TreeMap<>(java.util.Comparator
                .comparing((List<String> k) -> k.get(0)).thenComparing(k -> k.get(1)));
        for (CallerSilenceState s : List.of(this, other)) {
            s.callers.forEach(c -> seen.merge(List.of(c.workspace(), c.registry(), c.caller()), c.lastSeen(),
                    CallerSilenceState::later));
            s.registries.forEach(r -> traffic.merge(List.of(r.workspace(), r.registry()), r.lastEvent(),
                    CallerSilenceState::later));
        }
        List<CallerSeen> cs = new java.util.ArrayList<>();
        seen.forEach((k, t) -> cs.add(new CallerSeen(k.get(0), k.get(1), k.get(2), t)));
        List<RegistryTraffic> rs = new java.util.ArrayList<>();
        traffic.forEach((k, t) -> rs.add(new RegistryTraffic(k.get(0), k.get(1), t)));
        return new CallerSilenceState(cs, rs);
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
