package dev.acrwatch.source.loganalytics;

import dev.acrwatch.alert.AlertSnapshot;
import dev.acrwatch.alert.Notification;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The KQL an SRE pastes into the portal to see the events behind an alert: the same registry,
 * classes and group values over the alert's time range, summarized by caller. Every value is a
 * rendered literal; a log value that has no KQL escape is left out of the filter rather than risked.
 */
public final class ReproduceQueries {

    private ReproduceQueries() {}

    /** Fills {@link AlertSnapshot#kql()} on every alert of a notification that has none. */
    public static Notification enrich(Notification n) {
        List<AlertSnapshot> alerts = new ArrayList<>(n.alerts().size());
        for (AlertSnapshot a : n.alerts()) {
            alerts.add(a.kql().isPresent() ? a : withKql(a, forAlert(a)));
        }
        return new Notification(n.dedupKey(), n.receiver(), n.groupKey(), n.groupLabels(), alerts, n.createdAt());
    }

    /** The query, or empty for alerts with no events to show (the daemon's own blind alert). */
    public static Optional<String> forAlert(AlertSnapshot a) {
        if ("blind".equals(a.ruleType())) {
            return Optional.empty();
        }
        Instant to = a.endsAt().or(a::lastSeen).orElse(a.startsAt()).truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
        Instant from = a.firstSeen().orElse(a.startsAt().minus(a.window())).truncatedTo(ChronoUnit.MINUTES);
        if (!from.isBefore(to)) {
            from = to.minus(a.window());
        }
        StringBuilder q = new StringBuilder();
        q.append("// acr-watch: events behind alert ").append(comment(a.ruleName())).append('\n');
        q.append("union ContainerRegistryLoginEvents, ContainerRegistryRepositoryEvents\n");
        q.append("| where TimeGenerated between (").append(KqlLiterals.datetime(from)).append(" .. ")
                .append(KqlLiterals.datetime(to)).append(")\n");
        a.registry().flatMap(ReproduceQueries::literal)
                .ifPresent(r -> q.append("| where LoginServer =~ ").append(r).append('\n'));
        if ("absence".equals(a.ruleType())) {
            q.append("| summarize Events = count() by bin(TimeGenerated, 5m), LoginServer\n");
            q.append("| order by TimeGenerated asc");
            return Optional.of(q.toString());
        }
        statusFilter(a.failureClass().orElse("")).ifPresent(f -> q.append("| where ").append(f).append('\n'));
        filter(q, "Identity", a.labels().get("identity"));
        filter(q, "CallerIpAddress", a.labels().get("caller_ip"));
        filter(q, "OperationName", a.labels().get("operation"));
        q.append("| summarize Count = count(), First = min(TimeGenerated), Last = max(TimeGenerated)\n");
        q.append("    by Type, OperationName, ResultDescription, Identity, CallerIpAddress\n");
        q.append("| order by Count desc");
        return Optional.of(q.toString());
    }

    /** A rule over several classes carries them comma-separated in its class label. */
    static Optional<String> statusFilter(String classLabel) {
        List<String> parts = new ArrayList<>();
        for (String c : classLabel.split(",")) {
            switch (c.strip()) {
                case "unauthorized" -> parts.add("ResultDescription == \"401\"");
                case "forbidden" -> parts.add("ResultDescription == \"403\"");
                case "not_found" -> parts.add("ResultDescription == \"404\"");
                case "throttled" -> parts.add("ResultDescription == \"429\"");
                case "client_error" -> parts.add("(toint(ResultDescription) between (400 .. 499)"
                        + " and ResultDescription !in (\"401\", \"403\", \"404\", \"429\"))");
                case "server_error" -> parts.add("toint(ResultDescription) between (500 .. 599)");
                case "unknown" -> parts.add("not(ResultDescription matches regex \"^[1-5][0-9][0-9]$\")");
                case "ok" -> parts.add("ResultDescription matches regex \"^[23][0-9][0-9]$\"");
                default -> { }
            }
        }
        return parts.isEmpty() ? Optional.empty() : Optional.of(String.join(" or ", parts));
    }

    private static void filter(StringBuilder q, String column, String value) {
        if (value != null && !value.isEmpty()) {
            literal(value).ifPresent(v -> q.append("| where ").append(column).append(" == ").append(v).append('\n'));
        }
    }

    private static Optional<String> literal(String value) {
        try {
            return Optional.of(KqlLiterals.string(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Rule names are config-validated, but a comment must never end early. */
    private static String comment(String s) {
        return s.replaceAll("[\\r\\n]", " ");
    }

    private static AlertSnapshot withKql(AlertSnapshot a, Optional<String> kql) {
        return new AlertSnapshot(a.ruleName(), a.ruleType(), a.status(), a.severity(), a.labels(), a.annotations(),
                a.value(), a.threshold(), a.window(), a.startsAt(), a.endsAt(), a.firstSeen(), a.lastSeen(),
                a.topIdentities(), a.topCallerIps(), a.topRepositories(), kql);
    }
}
