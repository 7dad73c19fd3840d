package dev.acrwatch.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A key-path-aware reader over one YAML map. Every read marks its key as known and records a
 * problem (path, expectation, offending value) instead of throwing, so the loader can report all
 * problems at once. {@link #finish()} reports the keys nobody read as unknown.
 *
 * <p>A node can be absent (section left out, or of the wrong type, already reported): then every
 * read returns its default or empty, and only {@link #required} reports anything.
 */
final class Node {

    /** What all nodes of one load share. */
    record Context(Problems problems, Map<String, String> env, Path baseDir) {}

    /** One string element of a list, with its own path for error messages. */
    record Item(String path, String value) {}

    /** One element of a list that allows a plain string or a map: exactly one of the two is set. */
    record Entry(Item string, Node map) {}


    private final String path;
    private final String anchor;
    private final JsonNode map;
    private final Context ctx;
    private final Set<String> known = new LinkedHashSet<>();

    private Node(String path, String anchor, JsonNode map, Context ctx) {
        this.path = path;
        this.anchor = anchor;
        this.map = map;
        this.ctx = ctx;
    }

    static Node root(JsonNode map, Context ctx) {
        return new Node("", "", map, ctx);
    }

    String path() {
        return path;
    }

    boolean isPresent() {
        return map != null;
    }

    /** The config file's folder: relative paths in the file are taken from it. */
    Path baseDir() {
        return ctx.baseDir();
    }

    String pathOf(String key) {
        return Render.keyPath(path, key);
    }

    // ---- structure -------------------------------------------------------------------------

    /** Declares keys as known without reading them (e.g. handled by a type-specific check). */
    void known(String... keys) {
        known.addAll(Arrays.asList(keys));
    }

    /** Whether the key is written at all, even with no value ({@code probes:} alone). */
    boolean mentions(String key) {
        known.add(key);
        return map != null && map.has(key);
    }

    /** Whether the key is given with a non-null value. */
    boolean has(String key) {
        return raw(key) != null;
    }

    /** The map under {@code key}; absent when left out or not a map. */
    Node child(String key) {
        JsonNode v = raw(key);
        String childPath = pathOf(key);
        if (v == null) {
            return new Node(childPath, anchor, null, ctx);
        }
        if (!v.isObject()) {
            expected(key, "a map", v);
            return new Node(childPath, anchor, null, ctx);
        }
        return new Node(childPath, childPath, v, ctx);
    }

    /** A list of maps; reports "required" or "at least one entry" when {@code required}. */
    List<Node> mapList(String key, boolean required) {
        JsonNode v = raw(key);
        if (v == null) {
            if (required) {
                error(key, "required");
            }
            return List.of();
        }
        if (!v.isArray()) {
            expected(key, "a list", v);
            return List.of();
        }
        if (v.isEmpty() && required) {
            error(key, "must have at least one entry");
        }
        List<Node> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            String itemPath = pathOf(key) + "[" + i + "]";
            JsonNode item = v.get(i);
            if (item.isObject()) {
                out.add(new Node(itemPath, itemPath, item, ctx));
            } else {
                ctx.problems().add(itemPath, anchor, "expected a map, found " + Render.describe(key, item));
            }
        }
        return out;
    }

    /** A list of strings (variables substituted); empty when left out or not a list. */
    Optional<List<Item>> stringList(String key) {
        JsonNode v = raw(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isArray()) {
            expected(key, "a list of strings", v);
            return Optional.empty();
        }
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            String itemPath = pathOf(key) + "[" + i + "]";
            JsonNode item = v.get(i);
            if (!item.isTextual()) {
                ctx.problems().add(itemPath, anchor, "expected a string, found " + Render.describe(key, item));
                continue;
            }
            try {
                out.add(new Item(itemPath, EnvSubstitution.apply(item.textValue(), ctx.env())));
            } catch (EnvSubstitution.Failure f) {
                ctx.problems().add(itemPath, anchor, f.getMessage());
            }
        }
        return Optional.of(out);
    }

    /**
     * A list whose elements are each a string (variables substituted) or a map; other elements are
     * reported as not {@code expectation}. Empty when left out or not a list.
     */
    Optional<List<Entry>> stringOrMapList(String key, String expectation) {
        JsonNode v = raw(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isArray()) {
            expected(key, "a list", v);
            return Optional.empty();
        }
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            String itemPath = pathOf(key) + "[" + i + "]";
            JsonNode item = v.get(i);
            if (item.isObject()) {
                out.add(new Entry(null, new Node(itemPath, itemPath, item, ctx)));
            } else if (!item.isTextual()) {
                ctx.problems().add(itemPath, anchor, "expected " + expectation + ", found " + Render.describe(key, item));
            } else {
                try {
                    out.add(new Entry(new Item(itemPath, EnvSubstitution.apply(item.textValue(), ctx.env())), null));
                } catch (EnvSubstitution.Failure f) {
                    ctx.problems().add(itemPath, anchor, f.getMessage());
                }
            }
        }
        return Optional.of(out);
    }

    /** A map of string values (variables substituted), in file order; empty when left out or wrong. */
    Optional<Map<String, String>> stringMap(String key) {
        JsonNode v = raw(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isObject()) {
            expected(key, "a map of strings", v);
            return Optional.empty();
        }
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String entryPath = Render.keyPath(pathOf(key), e.getKey());
            if (!e.getValue().isTextual()) {
                ctx.problems().add(entryPath, anchor, "expected a string, found " + Render.describe(e.getKey(), e.getValue()));
                continue;
            }
            try {
                out.put(e.getKey(), EnvSubstitution.apply(e.getValue().textValue(), ctx.env()));
            } catch (EnvSubstitution.Failure f) {
                ctx.problems().add(entryPath, anchor, f.getMessage());
            }
        }
        return Optional.of(out);
    }

    // ---- scalars ---------------------------------------------------------------------------

    /** A string with variables substituted; empty when left out or wrong (reported). */
    Optional<String> string(String key) {
        JsonNode v = raw(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            expected(key, "a string", v);
            return Optional.empty();
        }
        try {
            return Optional.of(EnvSubstitution.apply(v.textValue(), ctx.env()));
        } catch (EnvSubstitution.Failure f) {
            error(key, f.getMessage());
            return Optional.empty();
        }
    }

    /** A non-empty string that must be given; null after reporting a problem. */
    String required(String key) {
        if (raw(key) == null) {
            error(key, "required");
            return null;
        }
        String s = string(key).orElse(null);
        if (s != null && s.isEmpty()) {
            error(key, "must not be empty");
            return null;
        }
        return s;
    }

    /** A string that must match {@code format}; {@code expectation} reads like "a GUID". */
    Optional<String> matching(String key, Pattern format, String expectation) {
        Optional<String> s = string(key);
        if (s.isPresent() && s.get().isEmpty()) {
            error(key, "must not be empty");
            return Optional.empty();
        }
        if (s.isPresent() && !format.matcher(s.get()).matches()) {
            error(key, "expected " + expectation + ", found " + Render.describe(key, s.get()));
            return Optional.empty();
        }
        return s;
    }

    /** One of a closed set of words. */
    String oneOf(String key, String fallback, List<String> options) {
        JsonNode v = raw(key);
        if (v != null && !v.isTextual()) {
            // list the words rather than say "a string" for e.g. a bare true
            expected(key, "one of " + String.join(", ", options), v);
            return fallback;
        }
        Optional<String> s = string(key);
        if (s.isPresent() && !options.contains(s.get())) {
            error(key, "expected one of " + String.join(", ", options) + ", found " + Render.describe(key, s.get()));
            return fallback;
        }
        return s.orElse(fallback);
    }

    int integer(String key, int fallback, int min, int max) {
        JsonNode v = raw(key);
        if (v == null) {
            return fallback;
        }
        String expectation = "an integer from " + min + " to " + max;
        BigInteger n;
        if (v.isIntegralNumber()) {
            n = v.bigIntegerValue();
        } else if (v.isTextual() && EnvSubstitution.mentionsVariable(v.textValue())) {
            // a quoted "${PORT}" is the only way to take a number from the environment
            Optional<String> s = string(key);
            if (s.isEmpty()) {
                return fallback;
            }
            try {
                n = new BigInteger(s.get().trim());
            } catch (NumberFormatException e) {
                error(key, "expected " + expectation + ", found " + Render.describe(key, s.get()));
                return fallback;
            }
        } else {
            expected(key, expectation, v);
            return fallback;
        }
        if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
            error(key, "must be from " + min + " to " + max + ", found " + n);
            return fallback;
        }
        return n.intValueExact();
    }

    /** A plain number (integer or decimal); empty when left out or not a number (reported). */
    Optional<Double> number(String key, String expectation) {
        JsonNode v = raw(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isNumber()) {
            expected(key, expectation, v);
            return Optional.empty();
        }
        return Optional.of(v.doubleValue());
    }

    boolean bool(String key, boolean fallback) {
        JsonNode v = raw(key);
        if (v == null) {
            return fallback;
        }
        if (!v.isBoolean()) {
            expected(key, "true or false", v);
            return fallback;
        }
        return v.booleanValue();
    }

    /** A duration within [min, max] (max null = unbounded). */
    Duration duration(String key, Duration fallback, Duration min, Duration max) {
        JsonNode v = raw(key);
        if (v == null) {
            return fallback;
        }
        String expectation = "a duration like 60s or 5m";
        if (!v.isTextual()) {
            expected(key, expectation, v);
            return fallback;
        }
        Optional<String> s = string(key);
        if (s.isEmpty()) {
            return fallback;
        }
        Optional<Duration> d = Durations.parse(s.get());
        if (d.isEmpty()) {
            error(key, "expected " + expectation + ", found " + Render.describe(key, s.get()));
            return fallback;
        }
        boolean tooShort = d.get().compareTo(min) < 0;
        boolean tooLong = max != null && d.get().compareTo(max) > 0;
        if (tooShort || tooLong) {
            String range = max == null
                    ? "at least " + Durations.format(min)
                    : "between " + Durations.format(min) + " and " + Durations.format(max);
            error(key, "must be " + range + ", found " + Render.describe(key, s.get()));
            return fallback;
        }
        return d.get();
    }

    // ---- files and secrets -----------------------------------------------------------------

    /**
     * Which one of {@code keys} is given. Reports "required" (when {@code required}) if none is,
     * and each extra one if several are; returns null then.
     */
    String exactlyOne(boolean required, String... keys) {
        List<String> given = new ArrayList<>();
        for (String k : keys) {
            if (has(k)) {
                given.add(k);
            }
        }
        if (given.isEmpty()) {
            if (required) {
                error(keys[0], "required (or " + String.join(", ", Arrays.asList(keys).subList(1, keys.length)) + ")");
            }
            return null;
        }
        for (String extra : given.subList(1, given.size())) {
            error(extra, "set only one of " + String.join(", ", keys));
        }
        return given.size() == 1 ? given.get(0) : null;
    }

    /** A secret given inline as {@code key} or read from {@code key_file} (one trailing newline trimmed). */
    Optional<Secret> secret(String key, boolean required) {
        String fileKey = key + "_file";
        String which = exactlyOne(required, key, fileKey);
        if (which == null) {
            return Optional.empty();
        }
        if (which.equals(key)) {
            Optional<String> s = string(key);
            if (s.isPresent() && s.get().isEmpty()) {
                error(key, "must not be empty");
                return Optional.empty();
            }
            return s.map(Secret::of);
        }
        return readableFile(fileKey).flatMap(file -> {
            try {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                text = text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                        : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
                if (text.isEmpty()) {
                    error(fileKey, "file " + Render.quote(file.toString()) + " is empty");
                    return Optional.empty();
                }
                return Optional.of(Secret.of(text));
            } catch (IOException e) {
                error(fileKey, "cannot read file " + Render.quote(file.toString()) + ": " + reason(e));
                return Optional.empty();
            }
        });
    }

    /** A path to a readable regular file; relative paths are taken from the config file's folder. */
    Optional<Path> readableFile(String key) {
        Optional<String> s = string(key);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        if (s.get().isEmpty()) {
            error(key, "must not be empty");
            return Optional.empty();
        }
        Path given;
        try {
            given = Path.of(s.get());
        } catch (InvalidPathException e) {
            error(key, "expected a file path, found " + Render.describe(key, s.get()));
            return Optional.empty();
        }
        Path file = given.isAbsolute() ? given : ctx.baseDir().resolve(given).toAbsolutePath().normalize();
        String shown = Render.quote(s.get())
                + (given.isAbsolute() ? "" : " (resolved to " + Render.quote(file.toString()) + ")");
        String problem = Files.isDirectory(file) ? "is a directory"
                : !Files.exists(file) ? "no such file"
                : !Files.isReadable(file) ? "permission denied"
                : null;
        if (problem != null) {
            error(key, "cannot read file " + shown + ": " + problem);
            return Optional.empty();
        }
        return Optional.of(file);
    }

    // ---- problems --------------------------------------------------------------------------

    /** Records a problem at {@code key} under this node (or at the node itself for key ""). */
    void error(String key, String message) {
        ctx.problems().add(key.isEmpty() ? path : pathOf(key), anchor, message);
    }

    /** Records a problem at a list item returned by {@link #stringList}. */
    void error(Item item, String message) {
        ctx.problems().add(item.path(), anchor, message);
    }

    /** Reports every key of this map that no one read. */
    void finish() {
        if (map == null) {
            return;
        }
        for (Iterator<String> it = map.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                error(key, "unknown key (known keys: " + String.join(", ", known) + ")");
            }
        }
    }

    private void expected(String key, String expectation, JsonNode found) {
        error(key, "expected " + expectation + ", found " + Render.describe(key, found));
    }

    private JsonNode raw(String key) {
        known.add(key);
        if (map == null) {
            return null;
        }
        JsonNode v = map.get(key);
        return v == null || v.isNull() ? null : v;
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getClass().getSimpleName();
    }
}
