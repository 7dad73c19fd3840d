package dev.acrwatch.config;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Expands {@code ${NAME}} and {@code ${NAME:-default}} in one scalar value; {@code $${} is a
 * literal {@code ${}. Runs on parsed scalars, so a variable's value can never add YAML structure.
 */
final class EnvSubstitution {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** A problem with the value; the message never contains the value itself. */
    static final class Failure extends Exception {
        Failure(String message) {
            super(message, null, false, false);
        }
    }

    private EnvSubstitution() {}

    static boolean mentionsVariable(String text) {
        return text.contains("${");
    }

    static String apply(String text, Map<String, String> env) throws Failure {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                int close = text.indexOf('}', i + 2);
                if (close < 0) {
                    throw new Failure("unterminated \"${\" (write \"$${\" for a literal \"${\")");
                }
                out.append(expand(text.substring(i + 2, close), env));
                i = close + 1;
            } else {
                out.append(text.charAt(i++));
            }
        }
        return out.toString();
    }

    private static String expand(String reference, Map<String, String> env) throws Failure {
        int sep = reference.indexOf(":-");
        String name = sep < 0 ? reference : reference.substring(0, sep);
        if (!NAME.matcher(name).matches()) {
            throw new Failure("\"${" + (name.length() > 40 ? name.substring(0, 40) + "…" : name)
                    + "}\" is not a valid variable reference (expected ${NAME} or ${NAME:-default})");
        }
        String value = env.get(name);
        if (sep >= 0) {
            // like the shell: ":-" also replaces a variable that is set but empty
            return value == null || value.isEmpty() ? reference.substring(sep + 2) : value;
        }
        if (value == null) {
            throw new Failure("environment variable " + name + " is not set (give it a value or write ${"
                    + name + ":-default})");
        }
        return value;
    }
}
