package dev.acrwatch.notify.slack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acrwatch.alert.Contributor;
import dev.acrwatch.alert.Notification;
import dev.acrwatch.notify.AlertView;
import dev.acrwatch.notify.Escape;
import dev.acrwatch.notify.MessageModel;
import dev.acrwatch.notify.Runbooks;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Builds the Block Kit payload for a notification, within Slack's size limits. */
final class SlackMessage {

    static final int MAX_HEADER = 150;
    static final int MAX_SECTION_TEXT = 3000;
    static final int MAX_BLOCKS = 50;
    private static final int BLOCKS_PER_ALERT = 8;

    private final ObjectMapper json;

    SlackMessage(ObjectMapper json) {
        this.json = json;
    }

    ObjectNode build(Notification n, List<AlertView> views) {
        ObjectNode root = json.createObjectNode();
        root.put("text", fallback(n, views));
        ArrayNode blocks = root.putArray("blocks");
        header(blocks, title(n, views));
        int shown = 0;
        for (AlertView v : views) {
            // keep room for the "more alerts" note so the payload never exceeds the block limit
            if (blocks.size() + BLOCKS_PER_ALERT > MAX_BLOCKS - 1) {
                break;
            }
            if (shown > 0) {
                blocks.addObject().put("type", "divider");
            }
            alert(blocks, v);
            shown++;
        }
        if (shown < views.size()) {
            ObjectNode ctx = blocks.addObject().put("type", "context");
            ctx.putArray("elements").addObject().put("type", "mrkdwn")
                    .put("text", "…and " + (views.size() - shown) + " more alerts not shown");
        }
        return root;
    }

    private void alert(ArrayNode blocks, AlertView v) {
        String icon = v.firing() ? ":rotating_light:" : ":white_check_mark:";
        section(blocks, icon + " *" + v.status().name() + "* · severity *" + esc(v.severity()) + "*"
                + " · rule *" + esc(v.rule()) + "*\n" + esc(MessageModel.headline(v)));
        ObjectNode fields = blocks.addObject().put("type", "section");
        ArrayNode f = fields.putArray("fields");
        field(f, (v.firing() ? "Count" : "Count at resolve") + "\n" + v.valueText() + " (threshold "
                + v.thresholdText() + ")");
        field(f, "Window\n" + esc(v.windowText()));
        field(f, "First seen\n" + time(v.firstSeen()));
        field(f, "Last seen\n" + time(v.lastSeen()));
        field(f, "Registry\n" + esc(v.loginServer().isEmpty() ? "?" : v.loginServer()));
        field(f, "Class\n" + esc(v.failureClass()));
        StringBuilder top = new StringBuilder();
        top(top, "Top identities", v.topIdentities());
        top(top, "Top caller IPs", v.topCallerIps());
        top(top, "Top repositories", v.topRepositories());
        if (top.length() > 0) {
            section(blocks, top.toString().strip());
        }
        section(blocks, "*Runbook*\n" + Runbooks.slack(v)
                + v.runbookUrl().map(u -> "\n<" + linkUrl(u) + "|Full runbook>").orElse(""));
        v.kql().ifPresent(k -> {
            String body = Escape.slackCode(k.strip());
            String prefix = "*KQL* (paste into Log Analytics)\n```";
            int room = MAX_SECTION_TEXT - prefix.length() - 3;
            section(blocks, prefix + Escape.truncate(body, room) + "```");
        });
        v.grafanaUrl().ifPresent(u -> {
            ObjectNode actions = blocks.addObject().put("type", "actions");
            ObjectNode button = actions.putArray("elements").addObject().put("type", "button");
            button.putObject("text").put("type", "plain_text").put("text", "Open in Grafana");
            button.put("url", u);
        });
    }

    private static void top(StringBuilder b, String title, List<Contributor> list) {
        if (list.isEmpty()) {
            return;
        }
        b.append('*').append(title).append("*\n");
        for (Contributor c : list) {
            String value = c.value().isEmpty() ? "(empty)" : c.value();
            b.append("• ").append(esc(value)).append(" — ").append(c.count()).append('\n');
        }
    }

    private void header(ArrayNode blocks, String text) {
        ObjectNode h = blocks.addObject().put("type", "header");
        // plain_text is not parsed for mentions or links; it only needs to be one short line
        h.putObject("text").put("type", "plain_text")
                .put("text", Escape.truncate(Escape.singleLine(text), MAX_HEADER));
    }

    private void section(ArrayNode blocks, String mrkdwn) {
        ObjectNode s = blocks.addObject().put("type", "section");
        s.putObject("text").put("type", "mrkdwn").put("text", truncateMrkdwn(mrkdwn));
    }

    private static void field(ArrayNode fields, String text) {
        int nl = text.indexOf('\n');
        String withBoldTitle = nl < 0 ? text : "*" + text.substring(0, nl) + "*" + text.substring(nl);
        fields.addObject().put("type", "mrkdwn").put("text", Escape.truncate(withBoldTitle, 2000));
    }

    /** Cuts to Slack's limit; if the cut lands inside a code block, closes it so the rest does not turn into code. */
    static String truncateMrkdwn(String s) {
        if (s.length() <= MAX_SECTION_TEXT) {
            return s;
        }
        String cut = Escape.truncate(s, MAX_SECTION_TEXT - 4);
        int fences = (cut.length() - cut.replace("```", "").length()) / 3;
        return fences % 2 == 1 ? cut + "```" : cut;
    }

    static String title(Notification n, List<AlertView> views) {
        if (views.size() == 1) {
            AlertView v = views.get(0);
            return "[" + v.status().name() + "] " + v.failureClass() + " on "
                    + (v.registryName().isEmpty() ? "?" : v.registryName()) + " (" + v.rule() + ")";
        }
        long firing = views.stream().filter(AlertView::firing).count();
        return "[" + n.status().name() + ":" + (firing > 0 ? firing : views.size()) + "] acr-watch: "
                + views.size() + " alerts in group " + n.groupKey();
    }

    /** Notification text for phones and screen readers; Slack parses it as mrkdwn too, so it is escaped. */
    static String fallback(Notification n, List<AlertView> views) {
        StringBuilder b = new StringBuilder();
        for (AlertView v : views) {
            if (b.length() > 0) {
                b.append('\n');
            }
            b.append(esc(MessageModel.headline(v)));
        }
        return Escape.truncate(b.toString(), MAX_SECTION_TEXT);
    }

    private static String esc(String s) {
        return Escape.slack(Escape.plain(s));
    }

    private static String time(Optional<Instant> t) {
        return t.map(Instant::toString).orElse("–");
    }

    /** A URL in <url|label> must not contain the characters that end the link. */
    private static String linkUrl(String u) {
        return u.replace("|", "%7C").replace(">", "%3E").replace("<", "%3C");
    }
}
