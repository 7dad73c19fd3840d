package dev.acrwatch.rule;

import java.time.Duration;
import java.util.List;

/**
 * An expected caller as the domain sees it: the rule package's copy of the config's
 * {@code ExpectedCaller} (rule may not depend on config, which builds on rule). The wiring converts:
 * {@code new CallerSpec(c.registry(), c.name(), c.cidrs(), c.identities(), c.maxSilence())}.
 *
 * @param registry   login server (compared case-insensitively)
 * @param name       short name for labels and messages ([a-z0-9_-])
 * @param cidrs      IPv4 ranges its requests come from (CallerIpAddress)
 * @param identities identities it authenticates as (Identity, compared case-insensitively)
 * @param maxSilence how long it may send nothing while the registry has other traffic
 */
public record CallerSpec(String registry, String name, List<String> cidrs, List<String> identities,
        Duration maxSilence) {

    public CallerSpec {
        cidrs = List.copyOf(cidrs);
        identities = List.copyOf(identities);
    }
}
