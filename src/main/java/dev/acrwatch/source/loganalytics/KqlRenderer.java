package dev.acrwatch.source.loganalytics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {@code {{name}}} placeholders of the KQL resources under {@code kql/}. It only accepts
 * {@link Value}s, which can only be made from safely rendered literals or other templates.
 */
final class KqlRenderer {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Za-z]+)}}");
    private static final Pattern LONE_PLACEHOLDER = Pattern.compile("[ \\t]*\\{\\{([A-Za-z]+)}}[ \\t]*");

    private KqlRenderer() {}

    /** A piece of KQL that is safe to substitute. */
    static final class Value {
        static final Value EMPTY = new Value("");

        private final String text;

        private Value(String text) {
            this.text = text;
        }

        static Value datetime(Instant t) {
            return new Value(KqlLiterals.datetime(t));
        }

        static Value string(String s) {
            return new Value(KqlLiterals.string(s));
        }

        static Value integer(long n) {
            return new Value(Long.toString(n));
        }

        static Value strings(List<String> values) {
            return new Value(KqlLiterals.stringList(values));
        }

        /** Another template, rendered with its own bindings. */
        static Value template(String name, Map<String, Value> bindings) {
            return new Value(render(name, bindings));
        }

        String text() {
            return text;
        }
    }

    /** Renders resource {@code kql/<name>.kql}; every placeholder must be bound and every binding used. */
    static String render(String name, Map<String, Value> bindings) {
        String template = load(name);
        Set<String> used = new HashSet<>();
        StringBuilder out = new StringBuilder();
        for (String line : template.strip().split("\n", -1)) {
            Matcher lone = LONE_PLACEHOLDER.matcher(line);
            if (lone.matches() && lookup(name, bindings, lone.group(1), used).isEmpty()) {
                continue; // an empty optional fragment leaves no blank line: the portal splits queries on those
            }
            Matcher m = PLACEHOLDER.matcher(line);
            StringBuilder b = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(b, Matcher.quoteReplacement(lookup(name, bindings, m.group(1), used)));
            }
            m.appendTail(b);
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(b);
        }
        if (!used.equals(bindings.keySet())) {
            Set<String> unused = new HashSet<>(bindings.keySet());
            unused.removeAll(used);
            throw new IllegalStateException("kql/" + name + ".kql: bindings never used: " + unused);
        }
        return out.toString();
    }

    private static String lookup(String name, Map<String, Value> bindings, String key, Set<String> used) {
        Value v = bindings.get(key);
        if (v == null) {
            throw new IllegalStateException("kql/" + name + ".kql: placeholder {{" + key + "}} is not bound");
        }
        used.add(key);
        return v.text();
    }

    private static String load(String name) {
        String path = "/kql/" + name + ".kql";
        try (InputStream in = KqlRenderer.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + path, e);
        }
    }
}
