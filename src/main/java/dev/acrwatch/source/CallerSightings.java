package dev.acrwatch.source;

import java.time.Instant;
import java.util.List;

/** One workspace's regular callers: who talked to each registry in enough distinct hours lately. */
public interface CallerSightings {

    /** What identifies a caller: the identity it authenticates as, or the IPv4 /24 its requests come from. */
    enum Kind { IDENTITY, IP_BLOCK }

    /**
     * One caller seen regularly.
     *
     * @param registry login server, lower case
     * @param caller   the identity (lower case) or the block like {@code 10.240.1.0/24}
     * @param hours    distinct TimeGenerated hours it was seen in, of {@code ofHours}
     * @param ofHours  the window length in hours
     */
    record Sighting(String registry, Kind kind, String caller, int hours, int ofHours, Instant lastSeen) {}

    /** The callers seen in at least the configured number of the window's hours ending at {@code now}. */
    List<Sighting> regularCallers(Instant now) throws SourceException;
}
