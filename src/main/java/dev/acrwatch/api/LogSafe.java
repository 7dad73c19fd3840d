package dev.acrwatch.api;

/** Makes a caller-supplied value safe for one log line: no line breaks or control characters, bounded length. */
final class LogSafe {

    static final int MAX = 200;

    private LogSafe() {}

    static String of(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX + 1));
        for (int i = 0; i < s.length() && b.length() < MAX; i++) {
            char c = s.charAt(i);
            // Unicode line/paragraph separators and bidi controls break log viewers as CR/LF do.
            boolean unsafe = Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                    || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
            b.append(unsafe ? '_' : c);
        }
        if (s.length() > MAX) {
            b.append("…(").append(s.length()).append(" chars)");
        }
        return b.toString();
    }
}
