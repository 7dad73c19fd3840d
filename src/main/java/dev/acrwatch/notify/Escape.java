package dev.acrwatch.notify;

/** Escaping for the formats receivers write; every log-derived string goes through one of these. */
public final class Escape {

    /** Long log values are cut here so one hostile value cannot crowd out the rest of a message. */
    public static final int MAX_VALUE_CHARS = 256;

    private Escape() {
    }

    /** Cuts to {@code max} characters, marking the cut with an ellipsis. */
    public static String truncate(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = max - 1;
        if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + "…";
    }

    /** Replaces control characters (CR, LF, TAB, NUL, …) with a space: no header, line or log injection. */
    public static String singleLine(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? ' ' : c);
        }
        return b.toString();
    }

    /** A log value fit for one line of plain text: control characters removed, length capped. */
    public static String plain(String s) {
        return truncate(singleLine(s), MAX_VALUE_CHARS);
    }

    /** HTML text and attribute escaping. */
    public static String html(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * Slack mrkdwn: {@code & < >} become entities (which also kills {@code <!channel>}, {@code <@U…>} and
     * {@code <url|label>} links), and the formatting characters {@code ` * ~} are swapped for look-alikes so a
     * value can neither open formatting nor close the code block it sits in. Underscores stay: they are
     * common in identities and repositories, do not format mid-word, and a look-alike would break the
     * command an SRE copies.
     */
    public static String slack(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '`' -> b.append('\u02CB'); // modifier letter grave accent
                case '*' -> b.append('\u2217'); // asterisk operator
                case '~' -> b.append('\u223C'); // tilde operator
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** Slack text inside a code block: only entities are needed, but a backtick could still end the block. */
    public static String slackCode(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('`', '\u02CB');
    }

    /**
     * Quotes a value for a POSIX shell unless it is made only of characters that are safe unquoted, so a pasted
     * runbook command cannot run a command hidden in a registry or identity name.
     */
    public static String shell(String s) {
        if (!s.isEmpty() && s.matches("[A-Za-z0-9._@:/=+,-]+")) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
