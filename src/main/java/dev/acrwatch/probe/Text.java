package dev.acrwatch.probe;

/** Makes text that came from the network safe for messages and logs. */
final class Text {

    private Text() {}

    /** Printable ASCII only (anything else becomes '?'), at most {@code max} characters. */
    static String sanitize(String s, int max) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(s.length(), max + 1));
        for (int i = 0; i < s.length() && out.length() < max; i++) {
            char c = s.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : (c == '\n' || c == '\r' || c == '\t' ? ' ' : '?'));
        }
        if (s.length() > max) {
            out.append("...");
        }
        return out.toString().strip();
    }
}
