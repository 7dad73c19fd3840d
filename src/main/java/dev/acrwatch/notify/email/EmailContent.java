package dev.acrwatch.notify.email;

import dev.acrwatch.alert.Contributor;
import dev.acrwatch.notify.AlertView;
import dev.acrwatch.notify.EmailReceiver;
import dev.acrwatch.notify.Escape;
import dev.acrwatch.notify.MessageModel;
import dev.acrwatch.notify.Runbooks;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Subject, plain-text and HTML bodies of an alert email. */
final class EmailContent {

    static final int MAX_SUBJECT = 200;

    private EmailContent() {
    }

    /** Filled from raw values, then stripped of CR/LF and capped: nothing a log value holds can add a header. */
    static String subject(String template, List<AlertView> views) {
        AlertView v = views.get(0);
        String s = template
                .replace("{status}", v.status().name())
                .replace("{rule}", v.rule())
                .replace("{class}", v.failureClass())
                .replace("{registry}", v.registryName().isEmpty() ? "?" : v.registryName())
                .replace("{value}", v.valueText())
                .replace("{threshold}", v.thresholdText())
                .replace("{window}", v.windowText())
                .replace("{summary}", v.summary());
        if (views.size() > 1) {
            s += " (+" + (views.size() - 1) + " more)";
        }
        return Escape.truncate(Escape.singleLine(s).strip(), MAX_SUBJECT);
    }

    static String text(List<AlertView> views) {
        StringBuilder b = new StringBuilder();
        for (AlertView v : views) {
            if (b.length() > 0) {
                b.append("\n\n").append("-".repeat(60)).append("\n\n");
            }
            UnaryOperator<String> p = Escape::plain;
            b.append(p.apply(MessageModel.headline(v))).append("\n\n");
            b.append("Status:     ").append(v.status().name()).append('\n');
            b.append("Severity:   ").append(p.apply(v.severity())).append('\n');
            b.append("Rule:       ").append(p.apply(v.rule())).append('\n');
            b.append("Registry:   ").append(p.apply(v.loginServer())).append('\n');
            b.append("Class:      ").append(p.apply(v.failureClass())).append('\n');
            b.append(v.firing() ? "Count:      " : "At resolve: ").append(v.valueText())
                    .append(" (threshold ").append(v.thresholdText()).append(", window ")
                    .append(p.apply(v.windowText())).append(")\n");
            b.append("First seen: ").append(time(v.firstSeen())).append('\n');
            b.append("Last seen:  ").append(time(v.lastSeen())).append('\n');
            v.grafanaUrl().ifPresent(u -> b.append("Grafana:    ").append(u).append('\n'));
            topText(b, "Top identities", v.topIdentities());
            topText(b, "Top caller IPs", v.topCallerIps());
            topText(b, "Top repositories", v.topRepositories());
            b.append("\nRUNBOOK\n\n").append(Runbooks.text(v)).append('\n');
            v.runbookUrl().ifPresent(u -> b.append("Full runbook: ").append(u).append('\n'));
            v.kql().ifPresent(k -> b.append("\nKQL (paste into Log Analytics)\n\n").append(k.strip()).append('\n'));
        }
        return b.toString();
    }

    static String html(List<AlertView> views) {
        StringBuilder b = new StringBuilder("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">\n");
        for (AlertView v : views) {
            String color = v.firing() ? "#c0392b" : "#27ae60";
            b.append("<h2 style=\"color:").append(color).append("\">").append(h(MessageModel.headline(v)))
                    .append("</h2>\n<table>\n");
            row(b, "Status", v.status().name());
            row(b, "Severity", v.severity());
            row(b, "Rule", v.rule());
            row(b, "Registry", v.loginServer());
            row(b, "Class", v.failureClass());
            row(b, v.firing() ? "Count" : "At resolve", v.valueText() + " (threshold " + v.thresholdText()
                    + ", window " + v.windowText() + ")");
            row(b, "First seen", time(v.firstSeen()));
            row(b, "Last seen", time(v.lastSeen()));
            b.append("</table>\n");
            v.grafanaUrl().filter(EmailContent::httpUrl).ifPresent(u ->
                    b.append("<p><a href=\"").append(h(u)).append("\">Open in Grafana</a></p>\n"));
            topHtml(b, "Top identities", v.topIdentities());
            topHtml(b, "Top caller IPs", v.topCallerIps());
            topHtml(b, "Top repositories", v.topRepositories());
            b.append("<h3>Runbook</h3>\n").append(Runbooks.html(v));
            v.runbookUrl().filter(EmailContent::httpUrl).ifPresent(u ->
                    b.append("<p><a href=\"").append(h(u)).append("\">Full runbook</a></p>\n"));
            v.kql().ifPresent(k -> b.append("<h3>KQL (paste into Log Analytics)</h3>\n<pre><code>")
                    .append(Escape.html(k.strip())).append("</code></pre>\n"));
            b.append("<hr>\n");
        }
        return b.append("</body></html>\n").toString();
    }

    private static void row(StringBuilder b, String name, String value) {
        b.append("<tr><th align=\"left\">").append(name).append("</th><td>").append(h(value)).append("</td></tr>\n");
    }

    private static void topText(StringBuilder b, String title, List<Contributor> list) {
        if (list.isEmpty()) {
            return;
        }
        b.append('\n').append(title).append(":\n");
        for (Contributor c : list) {
            b.append("  ").append(String.format("%8d", c.count())).append("  ")
                    .append(c.value().isEmpty() ? "(empty)" : Escape.plain(c.value())).append('\n');
        }
    }

    private static void topHtml(StringBuilder b, String title, List<Contributor> list) {
        if (list.isEmpty()) {
            return;
        }
        b.append("<h4>").append(title).append("</h4>\n<table>\n");
        for (Contributor c : list) {
            b.append("<tr><td align=\"right\">").append(c.count()).append("</td><td><code>")
                    .append(h(c.value().isEmpty() ? "(empty)" : c.value())).append("</code></td></tr>\n");
        }
        b.append("</table>\n");
    }

    private static String h(String s) {
        return Escape.html(Escape.plain(s));
    }

    private static boolean httpUrl(String u) {
        return u.startsWith("https://") || u.startsWith("http://");
    }

    private static String time(Optional<Instant> t) {
        return t.map(Instant::toString).orElse("-");
    }

    static String subjectTemplate(EmailReceiver r) {
        return r.subjectTemplate().isBlank() ? EmailReceiver.DEFAULT_SUBJECT : r.subjectTemplate();
    }
}
