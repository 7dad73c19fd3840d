package dev.acrwatch.alert;

import dev.acrwatch.rule.Durations;
import dev.acrwatch.rule.InvalidRuleException;
import java.time.Duration;
import java.util.List;

/**
 * How alerts reach one receiver: grouped by {@code groupBy} labels; a new group waits {@code groupWait}
 * to collect its first alerts, later changes go out at most every {@code groupInterval}.
 */
public record Route(String receiver, List<String> groupBy, Duration groupWait, Duration groupInterval,
        boolean sendResolved) {

    public static final List<String> DEFAULT_GROUP_BY = List.of("rule", "registry");
    public static final Duration DEFAULT_GROUP_WAIT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_GROUP_INTERVAL = Duration.ofMinutes(5);

    public Route {
        if (receiver == null || receiver.isBlank()) {
            throw new InvalidRuleException("receiver", "a route needs a receiver name");
        }
        groupBy = groupBy == null ? DEFAULT_GROUP_BY : List.copyOf(groupBy);
        groupWait = groupWait == null ? DEFAULT_GROUP_WAIT : groupWait;
        groupInterval = groupInterval == null ? DEFAULT_GROUP_INTERVAL : groupInterval;
        if (groupWait.isNegative()) {
            throw new InvalidRuleException("group_wait", "must not be negative, found " + Durations.format(groupWait));
        }
        if (groupInterval.isNegative() || groupInterval.isZero()) {
            throw new InvalidRuleException("group_interval", "expected a positive duration like 5m, found "
                    + Durations.format(groupInterval));
        }
    }

    /** The defaults: group by rule and registry, wait 30s, interval 5m, send resolved. */
    public static Route defaults(String receiver) {
        return new Route(receiver, null, null, null, true);
    }
}
