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
}
