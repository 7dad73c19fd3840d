package dev.acrwatch.config;

import java.time.Duration;
import java.util.List;

/**
 * A caller that should keep talking to a registry (an AKS node pool, a build agent pool). If it
 * falls silent for {@code maxSilence} while the registry still has other traffic, its requests are
 * being dropped before they reach the registry: {@code network_drop}, reason {@code caller_silent}.
 *
 * @param registry   login server, lower case
 * @param name       short name for labels and messages ([a-z0-9_-])
 * @param cidrs      IPv4 ranges its requests come from (CallerIpAddress)
 * @param identities identities it authenticates as (Identity, compared case-insensitively)
 */
public record ExpectedCaller(String registry, String name, List<String> cidrs, List<String> identities,
                             Duration maxSilence) {

    public ExpectedCaller {
        cidrs = List.copyOf(cidrs);
        identities = List.copyOf(identities);
    }
}
