package dev.acrwatch.alert;

import dev.acrwatch.rule.AlertIntent;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything {@link AlertRouter} remembers, as plain records: firing alerts (inhibition sources),
 * alerts held back by silences or inhibition, which receivers were told of which episode, and the
 * groups waiting to flush.
 */
public record RouterState(List<AlertIntent> firing, List<Held> held, Set<String> told, List<Group> groups) {

    public RouterState {
        firing = List.copyOf(firing);
        held = List.copyOf(held);
        told = Collections.unmodifiableSortedSet(new TreeSet<>(told));
        groups = List.copyOf(groups);
    }

    /** A firing alert not yet sent to {@code receiver} because it is silenced or inhibited. */
    public record Held(String receiver, AlertIntent intent) {}

    /** One (receiver, group) batch. */
    public record Group(String receiver, SortedMap<String, String> groupLabels, List<AlertIntent> pending,
            Set<String> firingMembers, Optional<Instant> nextFlush, Optional<Instant> lastFlush) {

        public Group {
            groupLabels = Collections.unmodifiableSortedMap(new TreeMap<>(groupLabels));
            pending = List.copyOf(pending);
            firingMembers = Collections.unmodifiableSortedSet(new TreeSet<>(firingMembers));
        }
    }
}
