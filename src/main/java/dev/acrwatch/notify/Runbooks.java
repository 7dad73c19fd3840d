package dev.acrwatch.notify;

import dev.acrwatch.alert.AlertSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Runbooks per failure class, from the resources {@code runbook/<class>.md}, rendered as plain text, HTML or Slack
 * mrkdwn. The templates are a small markdown subset (# headings, numbered items, ``` fences, `code`, **bold**);
 * placeholders {@code {registry}}, {@code {login_server}}, {@code {identity}} are shell-quoted (they sit in commands
 * that get pasted) and then escaped for the target format.
 */
public final class Runbooks {

    /** Every class that has a runbook. */
    public static final List<String> CLASSES = List.of("unauthorized", "forbidden", "throttled", "network_drop",
            "not_found", "client_error", "server_error", "unknown", "blind", "absence");

    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private Runbooks() {
    }

    /**
     * The runbook for an alert: its class label, else its rule type, else {@code unknown}. A rule over
     * several classes carries them comma-separated ({@code unauthorized,forbidden}); each gets its runbook.
     */
    public static String classFor(AlertSnapshot a) {
        List<String> known = java.util.Arrays.stream(a.failureClass().orElse("").split(","))
                .map(String::strip).filter(CLASSES::contains).distinct().toList();
        if (!known.isEmpty()) {
            return String.join(",", known);
        }
        String type = a.ruleType() == null ? "" : a.ruleType();
        for (String c : List.of("blind", "absence")) {
            if (type.contains(c)) {
                return c;
            }
        }
        return "unknown";
    }

    /** The raw template of a class, or of each class of a comma-separated list (placeholders unfilled). */
    public static String template(String cls) {
        List<String> parts = new java.util.ArrayList<>();
        for (String c : cls.split(",")) {
            String name = CLASSES.contains(c.strip()) ? c.strip() : "unknown";
            parts.add(CACHE.computeIfAbsent(name, Runbooks::load));
        }
        return String.join("\n", parts);
    }

    /** Plain text (the markdown subset as written), placeholders shell-quoted, control characters removed. */
    public static String text(AlertView v) {
        return fill(template(v.runbookClass()), v, s -> s, Escape::plain);
    }

    /** HTML fragment: template converted to tags, placeholder values HTML-escaped. */
    public static String html(AlertView v) {
        StringBuilder b = new StringBuilder();
        boolean code = false;
        boolean list = false;
        for (String line : template(v.runbookClass()).split("\n", -1)) {
            if (line.startsWith("```")) {
                // a code block after a numbered item stays inside that <li>, which is valid HTML
                b.append(code ? "</code></pre>\n" : "<pre><code>");
                code = !code;
                continue;
            }
            if (code) {
                b.append(fillLine(Escape.html(line), v, s -> Escape.html(Escape.plain(s)))).append('\n');
                continue;
            }
            String html = inlineHtml(Escape.html(line));
            if (line.startsWith("# ")) {
                b.append("<h3>").append(fillLine(html.substring(2), v, Runbooks::htmlValue)).append("</h3>\n");
            } else if (line.matches("\\d+\\. .*")) {
                if (!list) {
                    b.append("<ol>\n");
                    list = true;
                } else {
                    b.append("</li>\n");
                }
                b.append("<li>").append(fillLine(html.substring(html.indexOf(". ") + 2), v, Runbooks::htmlValue));
            } else if (!line.isBlank()) {
                b.append("<p>").append(fillLine(html, v, Runbooks::htmlValue)).append("</p>\n");
            }
        }
        if (list) {
            b.append("</li>\n</ol>\n");
        }
        return b.toString();
    }

    /** Slack mrkdwn: **bold** becomes *bold*, # headings bold; values escaped for mrkdwn or for code blocks. */
    public static String slack(AlertView v) {
        StringBuilder b = new StringBuilder();
        boolean code = false;
        for (String line : template(v.runbookClass()).split("\n", -1)) {
            if (line.startsWith("```")) {
                code = !code;
                b.append("```\n");
            } else if (code) {
                b.append(fillLine(Escape.slackCode(line), v, s -> Escape.slackCode(Escape.plain(s)))).append('\n');
            } else {
                String t = Escape.slackCode(line).replaceAll("\\*\\*(.+?)\\*\\*", "*$1*");
                if (t.startsWith("# ")) {
                    t = "*" + t.substring(2) + "*";
                }
                b.append(fillLine(t, v, s -> Escape.slack(Escape.plain(s)))).append('\n');
            }
        }
        return b.toString().strip();
    }

    private static String htmlValue(String s) {
        return Escape.html(Escape.plain(s));
    }

    private static String inlineHtml(String escaped) {
        return escaped.replaceAll("\\*\\*(.+?)\\*\\*", "<b>$1</b>").replaceAll("`([^`]+)`", "<code>$1</code>");
    }

    private static String fill(String template, AlertView v, UnaryOperator<String> lineEscaper,
                               UnaryOperator<String> valueEscaper) {
        StringBuilder b = new StringBuilder();
        for (String line : template.split("\n", -1)) {
            b.append(fillLine(lineEscaper.apply(line), v, valueEscaper)).append('\n');
        }
        return b.toString().strip();
    }

    /** Placeholders are filled after the template line was converted, so values never pass through markup rules. */
    private static String fillLine(String line, AlertView v, UnaryOperator<String> valueEscaper) {
        if (line.indexOf('{') < 0) {
            return line;
        }
        return line
                .replace("{registry}", value(v.registryName(), "<registry>", valueEscaper))
                .replace("{login_server}", value(v.loginServer(), "<login_server>", valueEscaper))
                .replace("{identity}", value(v.topIdentity().orElse(""), "<identity>", valueEscaper));
    }

    /** A missing value stays a visible {@code <placeholder>} for the reader to fill in, not a quoted empty string. */
    private static String value(String raw, String missing, UnaryOperator<String> valueEscaper) {
        return valueEscaper.apply(raw.isEmpty() ? missing : Escape.shell(raw));
    }

    private static String load(String cls) {
        String path = "/runbook/" + cls + ".md";
        try (InputStream in = Runbooks.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("runbook resource missing: " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read runbook " + path, e);
        }
    }
}
