package dev.acrwatch.cli;

/** Makes server-supplied text safe to print: no escape sequences or line breaks, bounded length. */
final class Terminal {

    private Terminal() {}

    static String safe(String s, int max) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < max; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? ' ' : c);
        }
        return s.length() > max ? b + "…" : b.toString();
    }
}
