package dev.acrwatch.notify;

import dev.acrwatch.alert.AlertSnapshot;
import dev.acrwatch.alert.AlertStatus;
import dev.acrwatch.alert.Contributor;
import dev.acrwatch.alert.Notification;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Turns a notification into the words every receiver uses, so email, Slack and webhooks say the same thing. */
public final class MessageModel {

    /** How many identities / IPs / repositories a message lists. */
    public static final int TOP_N = 5;

    private final NotifierDeps deps;

    public MessageModel(NotifierDeps deps) {
        this.deps = deps;
    }

    /** One view per alert, in the notification's order. */
    public List<AlertView> views(Notification n) {
        return n.alerts().stream().map(this::view).toList();
    }

    public AlertView view(AlertSnapshot a) {
        String loginServer = a.registry().map(MessageModel::loginServer).orElse("");
        String registryName = loginServer.isEmpty() ? "" : loginServer.substring(0, loginServer.indexOf('.'));
        String cls = a.failureClass().orElse(a.ruleType() == null ? "" : a.ruleType());
        String valueText = number(a.value());
        String thresholdText = number(a.threshold());
        String windowText = a.window() == null ? "" : duration(a.window());
        String runbookClass = Runbooks.classFor(a);
        Optional<String> grafanaUrl = deps.grafana().filter(g -> !loginServer.isEmpty()).map(g -> {
            Instant to = a.endsAt().orElse(a.lastSeen().orElse(a.startsAt())).plus(Duration.ofMinutes(15));
            Instant from = a.firstSeen().orElse(a.startsAt()).minus(a.window() == null ? Duration.ZERO : a.window())
                    .minus(Duration.ofMinutes(15));
            return g.url(registryName, from, to);
        });
        Optional<String> runbookUrl = deps.runbookBaseUrl()
                .map(u -> u.toString().replaceAll("/+$", "") + "/" + runbookClass + ".md");
        return new AlertView(a, a.status(), a.ruleName(), registryName, loginServer, cls, nz(a.severity()),
                valueText, thresholdText, windowText, summary(a, cls, valueText, thresholdText, windowText),
                a.firstSeen(), a.lastSeen(), top(a.topIdentities()), top(a.topCallerIps()), top(a.topRepositories()),
                runbookClass, runbookUrl, a.kql().filter(k -> !k.isBlank()), grafanaUrl);
    }

    /** "[FIRING] unauthorized on myreg: 42 unauthorized (401) requests in 5m, threshold 10" — one line, raw. */
    public static String headline(AlertView v) {
        return "[" + v.status().name() + "] " + v.failureClass() + " on "
                + (v.registryName().isEmpty() ? "?" : v.registryName()) + ": " + v.summary();
    }

    /** The login server for a registry label written either as {@code myreg} or {@code myreg.azurecr.io}. */
    static String loginServer(String registry) {
        String r = registry.trim().toLowerCase(Locale.ROOT);
        if (r.isEmpty()) {
            return "";
        }
        return r.contains(".") ? r : r + ".azurecr.io";
    }

    static String summary(AlertSnapshot a, String cls, String value, String threshold, String window) {
        String type = a.ruleType() == null ? "" : a.ruleType().toLowerCase(Locale.ROOT);
        String core;
        if (type.contains("absence") || type.contains("silen") || type.contains("expected_caller")) {
            core = "silent for " + duration(Duration.ofSeconds((long) a.value())) + ", threshold "
                    + duration(Duration.ofSeconds((long) a.threshold()));
        } else if (type.equals("probe")) {
            core = "acr-watch's probe failing for " + duration(Duration.ofSeconds((long) a.value()))
                    + ", alerts after " + duration(Duration.ofSeconds((long) a.threshold()));
        } else if (type.equals("blind")) {
            core = "no successful query for " + duration(Duration.ofSeconds((long) a.value())) + ", threshold "
                    + duration(Duration.ofSeconds((long) a.threshold()));
        } else if (type.contains("ratio")) {
            core = percent(a.value()) + " of requests were " + cls.replace('_', ' ') + " in " + window + ", threshold "
                    + percent(a.threshold());
        } else if (type.contains("factor") || type.contains("spike")) {
            core = value + "× the usual rate of " + noun(cls) + " in " + window + ", threshold " + threshold + "×";
        } else {
            core = value + " " + noun(cls) + " in " + window + ", threshold " + threshold;
        }
        return a.status() == AlertStatus.RESOLVED ? "resolved, at resolve time " + core : core;
    }

    static String noun(String cls) {
        return switch (cls) {
            case "unauthorized" -> "unauthorized (401) requests";
            case "forbidden" -> "forbidden (403) requests";
            case "throttled" -> "throttled (429) requests";
            case "not_found" -> "not found (404) requests";
            case "client_error" -> "client error (4xx) requests";
            case "server_error" -> "server error (5xx) requests";
            case "network_drop" -> "network drop signals";
            case "unknown" -> "unparseable results";
            default -> "matching events";
        };
    }

    /** 42 stays 42; 0.25 stays 0.25; long tails are cut to two decimals. */
    public static String number(double d) {
        if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return String.format(Locale.ROOT, "%.2f", d).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    static String percent(double ratio) {
        return number(Math.round(ratio * 1000) / 10.0) + "%";
    }

    /** 5m, 1h30m, 90s → 1m30s: the way the config writes windows. */
    public static String duration(Duration d) {
        long s = d.getSeconds();
        if (s == 0) {
            return "0s";
        }
        StringBuilder b = new StringBuilder();
        long h = s / 3600;
        long m = (s % 3600) / 60;
        long sec = s % 60;
        if (h > 0) {
            b.append(h).append('h');
        }
        if (m > 0) {
            b.append(m).append('m');
        }
        if (sec > 0) {
            b.append(sec).append('s');
        }
        return b.toString();
    }

    private static List<Contributor> top(List<Contributor> all) {
        return all.size() <= TOP_N ? all : all.subList(0, TOP_N);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
