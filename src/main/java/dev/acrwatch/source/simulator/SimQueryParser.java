package dev.acrwatch.source.simulator;

import dev.acrwatch.event.LogTable;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the parts of acr-watch's own poll query that decide which rows it gets. The simulator
 * cannot run KQL; it understands exactly the shape the daemon sends and rejects anything else
 * loudly, so a template change that the simulator would misread fails the demo test.
 */
final class SimQueryParser {

    private static final Pattern LET_DATETIME =
            Pattern.compile("let\\s+(\\w+)\\s*=\\s*datetime\\(([^)]*)\\)\\s*;");
    private static final String OPERAND = "(datetime\\([^)]*\\)|\\w+)";
    private static final Pattern INGESTED_AFTER = Pattern.compile("ingestion_time\\(\\)\\s*>\\s*" + OPERAND);
    private static final Pattern INGESTED_UP_TO = Pattern.compile("ingestion_time\\(\\)\\s*<=\\s*" + OPERAND);
    private static final Pattern REGISTRY_FILTER = Pattern.compile("LoginServer\\s+in~\\s*\\(([^)]*)\\)");
    private static final Pattern PACKED_CALLERS = Pattern.compile(
            "Callers\\s*=\\s*make_list\\(\\s*pack_array\\(\\s*CallerIpAddress\\s*,\\s*Count\\s*\\)");
    private static final Pattern STRING_LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    private SimQueryParser() {}

    static SimulatedWorkspace.Query parse(String kql, String timespan) {
        LogTable table = kql.contains(LogTable.REPOSITORY.tableName()) ? LogTable.REPOSITORY
                : kql.contains(LogTable.LOGIN.tableName()) ? LogTable.LOGIN : null;
        if (table == null) {
            throw new IllegalArgumentException("the simulated workspace has only the two ACR tables");
        }
        Map<String, Instant> lets = new HashMap<>();
        Matcher m = LET_DATETIME.matcher(kql);
        while (m.find()) {
            lets.put(m.group(1), instant(m.group(2)));
        }
        Instant after = operand(INGESTED_AFTER, kql, lets, "ingestion_time() > …");
        Instant upTo = operand(INGESTED_UP_TO, kql, lets, "ingestion_time() <= …");
        if (!PACKED_CALLERS.matcher(kql).find()) {
            throw new IllegalArgumentException("the simulated workspace answers only rows with packed callers"
                    + " (Callers = make_list(pack_array(CallerIpAddress, Count), …))");
        }
        Instant[] span = timespan(timespan);
        Set<String> registries = new LinkedHashSet<>();
        Matcher r = REGISTRY_FILTER.matcher(kql);
        if (r.find()) {
            Matcher s = STRING_LITERAL.matcher(r.group(1));
            while (s.find()) {
                registries.add(s.group(1).replace("\\\"", "\"").replace("\\\\", "\\").toLowerCase(Locale.ROOT));
            }
        }
        return new SimulatedWorkspace.Query(table, after, upTo, span[0], span[1], registries);
    }

    private static Instant operand(Pattern p, String kql, Map<String, Instant> lets, String what) {
        Matcher m = p.matcher(kql);
        if (!m.find()) {
            throw new IllegalArgumentException("the simulated workspace needs a filter " + what);
        }
        String op = m.group(1);
        if (op.startsWith("datetime(")) {
            return instant(op.substring("datetime(".length(), op.length() - 1));
        }
        Instant v = lets.get(op);
        if (v == null) {
            throw new IllegalArgumentException("unknown binding " + op + " in " + what);
        }
        return v;
    }

    /** ISO 8601 "start/end"; with no timespan the service scans everything. */
    private static Instant[] timespan(String timespan) {
        if (timespan == null || timespan.isBlank()) {
            return new Instant[] {Instant.EPOCH, Instant.parse("9999-12-31T23:59:59Z")};
        }
        String[] parts = timespan.split("/");
        if (parts.length != 2) {
            throw new IllegalArgumentException("timespan must be start/end, found \"" + timespan + "\"");
        }
        if (parts[1].startsWith("P")) {
            Instant start = instant(parts[0]);
            return new Instant[] {start, start.plus(java.time.Duration.parse(parts[1]))};
        }
        return new Instant[] {instant(parts[0]), instant(parts[1])};
    }

    private static Instant instant(String text) {
        try {
            return java.time.OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a datetime: \"" + text + "\"");
        }
    }
}
