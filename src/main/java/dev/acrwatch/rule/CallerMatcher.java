package dev.acrwatch.rule;

import dev.acrwatch.event.EventCount;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides whether a summarized row came from an expected caller: same registry (case-insensitive)
 * and either its CallerIpAddress inside one of the caller's IPv4 ranges or its Identity equal to
 * one of the caller's identities (case-insensitive). Invalid IP strings simply do not match.
 */
public final class CallerMatcher {

    private final CallerSpec caller;
    private final String registry;
    private final List<Ipv4Cidr> ranges;
    private final Set<String> identities;

    /** @throws InvalidRuleException naming {@code cidrs[i]} when a range does not parse */
    public CallerMatcher(CallerSpec caller) {
        this.caller = caller;
        this.registry = lower(caller.registry());
        List<Ipv4Cidr> r = new ArrayList<>();
        for (int i = 0; i < caller.cidrs().size(); i++) {
            try {
                r.add(Ipv4Cidr.parse(caller.cidrs().get(i)));
            } catch (IllegalArgumentException e) {
                throw new InvalidRuleException("cidrs[" + i + "]", e.getMessage());
            }
        }
        this.ranges = List.copyOf(r);
        Set<String> ids = new HashSet<>();
        caller.identities().forEach(id -> ids.add(lower(id)));
        this.identities = Set.copyOf(ids);
    }

    public CallerSpec caller() {
        return caller;
    }

    /** The caller's registry, lower case. */
    public String registry() {
        return registry;
    }

    public List<Ipv4Cidr> ranges() {
        return ranges;
    }

    /** Lower-cased identities. */
    public Set<String> identities() {
        return identities;
    }

    public boolean matches(EventCount row) {
        return registry.equals(lower(row.loginServer())) && (matchesIp(row.callerIp()) || matchesIdentity(row.identity()));
    }

    boolean matchesIp(String ip) {
        for (Ipv4Cidr c : ranges) {
            if (c.contains(ip)) {
                return true;
            }
        }
        return false;
    }

    boolean matchesIdentity(String identity) {
        // An empty identity is docker's anonymous challenge: it says nothing about who is calling.
        return !identity.isEmpty() && identities.contains(lower(identity));
    }

    static String lower(String s) {
        return s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
    }
}
