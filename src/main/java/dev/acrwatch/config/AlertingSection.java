package dev.acrwatch.config;

import dev.acrwatch.alert.InhibitRule;
import dev.acrwatch.alert.LabelMatcher;
import dev.acrwatch.alert.Silence;
import dev.acrwatch.notify.GrafanaLink;
import dev.acrwatch.rule.InvalidRuleException;
import dev.acrwatch.rule.Rule;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Parses the top-level {@code alerting} map; absent means {@link AlertingConfig#none()}. */
final class AlertingSection {

    static final String DEFAULT_DASHBOARD = "/d/acr-failures/acr-failures";
    private static final Pattern DASHBOARD = Pattern.compile("/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*");
    private static final Map<String, String> SILENCE_FIELDS = Map.of("endsAt", "ends_at", "startsAt", "starts_at",
            "createdBy", "created_by");
    private static final Map<String, String> INHIBIT_FIELDS = Map.of("source_matchers", "source",
            "target_matchers", "target");

    private AlertingSection() {}

    static AlertingConfig parse(Node alerting) {
        return parse(alerting, Clock.systemUTC());
    }

    /** {@code clock} gives "now" for silences without starts_at. */
    static AlertingConfig parse(Node alerting, Clock clock) {
        if (!alerting.isPresent()) {
            return AlertingConfig.none();
        }
        AlertingConfig d = AlertingConfig.none();
        Duration evaluation = alerting.duration("evaluation_interval", d.evaluationInterval(), Duration.ofSeconds(1),
                Duration.ofMinutes(10));
        Duration repeat = alerting.duration("repeat_interval", d.repeatInterval(), Duration.ofMinutes(1), null);
        Duration blindAfter = alerting.duration("blind_after", d.blindAfter(), Duration.ofMinutes(1), null);
        Optional<GrafanaLink> grafana = grafana(alerting.child("grafana"));
        Optional<Secret> apiToken = alerting.secret("api_token", false);
        ReceiversSection.Parsed receivers = ReceiversSection.parse(alerting);
        List<Rule> rules = RulesSection.parse(alerting, receivers.names());
        List<Silence> silences = silences(alerting, clock.instant());
        List<InhibitRule> inhibitRules = inhibitRules(alerting);
        alerting.finish();
        return new AlertingConfig(rules, receivers.receivers(), receivers.routes(), silences, inhibitRules,
                repeat, blindAfter, evaluation, grafana, apiToken);
    }

    private static Optional<GrafanaLink> grafana(Node g) {
        if (!g.isPresent()) {
            return Optional.empty();
        }
        String url = null;
        if (!g.has("url")) {
            g.error("url", "required");
        } else {
            url = g.string("url").orElse(null);
            if (url != null && !isHttpUrl(url)) {
                g.error("url", "expected an http(s) URL like https://grafana.example.com, found " + Render.quote(url));
                url = null;
            }
        }
        String dashboard = g.matching("dashboard", DASHBOARD, "a dashboard path like " + DEFAULT_DASHBOARD)
                .orElse(DEFAULT_DASHBOARD);
        g.finish();
        return url == null ? Optional.empty() : Optional.of(new GrafanaLink(url, dashboard));
    }

    private static boolean isHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            return uri.getHost() != null && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getRawQuery() == null && uri.getRawFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static List<Silence> silences(Node alerting, Instant now) {
        List<Silence> out = new ArrayList<>();
        for (Node s : alerting.mapList("silences", false)) {
            List<LabelMatcher> matchers = matchers(s, "matchers");
            Optional<Instant> startsAt = timestamp(s, "starts_at");
            Instant endsAt = s.has("ends_at") ? timestamp(s, "ends_at").orElse(null) : missing(s, "ends_at");
            String createdBy = s.required("created_by");
            String comment = s.required("comment");
            s.finish();
            if (startsAt.isPresent() && endsAt != null && !endsAt.isAfter(startsAt.get())) {
                s.error("ends_at", "must be after starts_at (" + startsAt.get() + "), found " + Render.quote(endsAt.toString()));
                continue;
            }
            if (matchers == null || endsAt == null || createdBy == null || comment == null) {
                continue;
            }
            // an old silence left in the file is inert, not an error: the daemon must still start
            Instant start = startsAt.orElse(endsAt.isAfter(now) ? now : endsAt);
            try {
                out.add(new Silence(silenceId(matchers, endsAt, createdBy, comment), matchers, start, endsAt, createdBy,
                        comment));
            } catch (InvalidRuleException e) {
                s.error(SILENCE_FIELDS.getOrDefault(e.field(), e.field()), ReceiversSection.problemOf(e));
            }
        }
        return out;
    }

    /** Stable across restarts and reordering, so a config silence keeps its id in the API and the store. */
    private static String silenceId(List<LabelMatcher> matchers, Instant endsAt, String createdBy, String comment) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String text = matchers + "\n" + endsAt + "\n" + createdBy + "\n" + comment;
            return "config-" + HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static List<InhibitRule> inhibitRules(Node alerting) {
        boolean given = alerting.has("inhibit_rules");
        List<Node> nodes = alerting.mapList("inhibit_rules", false);
        if (!given) {
            return InhibitRule.defaults();
        }
        List<InhibitRule> out = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            String name = n.has("name")
                    ? n.matching("name", ReceiversSection.LABEL, "letters, digits and underscores").orElse(null)
                    : "inhibit_rule_" + i;
            if (name != null && !names.add(name)) {
                n.error("name", "duplicate inhibition rule name " + Render.quote(name));
                name = null;
            }
            List<LabelMatcher> source = matchers(n, "source");
            List<LabelMatcher> target = matchers(n, "target");
            List<String> equal = labels(n, "equal");
            n.finish();
            if (name == null || source == null || target == null || equal == null) {
                continue;
            }
            try {
                out.add(new InhibitRule(name, source, target, equal));
            } catch (InvalidRuleException e) {
                n.error(INHIBIT_FIELDS.getOrDefault(e.field(), e.field()), ReceiversSection.problemOf(e));
            }
        }
        return out;
    }

    /** A required, non-empty list of matchers; null after reporting a problem. */
    private static List<LabelMatcher> matchers(Node n, String key) {
        if (!n.has(key)) {
            return missing(n, key);
        }
        Optional<List<Node.Item>> items = n.stringList(key);
        if (items.isEmpty()) {
            return null;
        }
        if (items.get().isEmpty()) {
            n.error(key, "must have at least one matcher like \"registry=myregistry.azurecr.io\"");
            return null;
        }
        List<LabelMatcher> out = new ArrayList<>();
        for (Node.Item item : items.get()) {
            try {
                out.add(LabelMatcher.parse(item.value()));
            } catch (InvalidRuleException e) {
                n.error(item, ReceiversSection.problemOf(e));
            }
        }
        return out.size() == items.get().size() ? out : null;
    }

    private static List<String> labels(Node n, String key) {
        List<String> out = new ArrayList<>();
        boolean ok = true;
        for (Node.Item item : n.stringList(key).orElse(List.of())) {
            if (!ReceiversSection.LABEL.matcher(item.value()).matches()) {
                n.error(item, "expected a label name like registry, found " + Render.quote(item.value()));
                ok = false;
            } else if (out.contains(item.value())) {
                n.error(item, "duplicate label " + Render.quote(item.value()));
                ok = false;
            } else {
                out.add(item.value());
            }
        }
        return ok ? out : null;
    }

    private static Optional<Instant> timestamp(Node n, String key) {
        Optional<String> text = n.string(key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text.get()).toInstant());
        } catch (DateTimeParseException e) {
            n.error(key, "expected a timestamp with offset like 2026-11-30T00:00:00Z, found " + Render.quote(text.get()));
            return Optional.empty();
        }
    }

    private static <T> T missing(Node n, String key) {
        n.error(key, "required");
        return null;
    }
}
