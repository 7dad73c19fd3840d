package dev.acrwatch.daemon;

import dev.acrwatch.config.AcrWatchConfig;
import dev.acrwatch.config.AlertingConfig;
import dev.acrwatch.config.Secret;
import dev.acrwatch.config.WorkspaceConfig;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which parts of a new config can be applied to a running daemon, and which need a restart.
 *
 * <p>Live: {@code alerting} except {@code evaluation_interval} (the evaluation schedule) and
 * {@code api_token} (read by the silence API when it is mounted), and each workspace's
 * {@code expected_callers} and {@code learn_callers}. Everything else needs a restart: the
 * workspace list and each workspace's id, endpoint, auth and registries (they shape the jobs and
 * their queries), {@code poll} (the schedule), {@code metrics} (the listening socket, TLS, auth,
 * top-N gauges), {@code logging}, {@code probes} (their schedule and per-target meters are built at
 * start, and their targets follow the workspaces' registries). A section added to
 * {@link AcrWatchConfig} later (such as {@code store}) needs a restart until it is listed here,
 * because the comparison walks every record component.
 *
 * <p>The comparison is structural over records, lists, maps and optionals. {@link Secret} hides its
 * value from {@code equals}, so two loads of the same secret would look different; secrets are
 * compared by value here, and only key paths are ever reported.
 */
final class ConfigDiff {

    private static final Set<String> LIVE_WORKSPACE = Set.of("expectedCallers", "learnCallers");
    private static final Set<String> RESTART_ALERTING = Set.of("evaluationInterval", "apiToken");

    private ConfigDiff() {}

    /** Key paths whose change needs a restart, e.g. {@code poll.interval}, {@code workspaces[prod].endpoint}. */
    static List<String> restartNeeded(AcrWatchConfig running, AcrWatchConfig next) {
        List<String> out = new ArrayList<>();
        for (RecordComponent c : AcrWatchConfig.class.getRecordComponents()) {
            switch (c.getName()) {
                case "workspaces" -> workspaces(running.workspaces(), next.workspaces(), out);
                case "alerting" -> {
                    for (String name : RESTART_ALERTING) {
                        diff(get(c(AlertingConfig.class, name), running.alerting()),
                                get(c(AlertingConfig.class, name), next.alerting()), "alerting." + snake(name), out);
                    }
                }
                default -> diff(get(c, running), get(c, next), snake(c.getName()), out);
            }
        }
        out.sort(null);
        return out;
    }

    /** Key paths of the live parts that differ, e.g. {@code alerting.rules[1].threshold}. */
    static List<String> liveChanges(AcrWatchConfig running, AcrWatchConfig merged) {
        List<String> out = new ArrayList<>();
        diff(running, merged, "", out);
        return out.stream().map(p -> p.startsWith(".") ? p.substring(1) : p).toList();
    }

    /**
     * The running config with {@code next}'s live parts. Call only when
     * {@link #restartNeeded} found no change to the workspace list.
     */
    static AcrWatchConfig liveParts(AcrWatchConfig running, AcrWatchConfig next) {
        List<WorkspaceConfig> workspaces = running.workspaces();
        if (names(workspaces).equals(names(next.workspaces()))) {
            List<WorkspaceConfig> merged = new ArrayList<>();
            for (int i = 0; i < workspaces.size(); i++) {
                WorkspaceConfig n = next.workspaces().get(i);
                merged.add(with(workspaces.get(i), Map.of(
                        "expectedCallers", n.expectedCallers(), "learnCallers", n.learnCallers())));
            }
            workspaces = merged;
        }
        Map<String, Object> alerting = new HashMap<>();
        for (RecordComponent c : AlertingConfig.class.getRecordComponents()) {
            if (!RESTART_ALERTING.contains(c.getName())) {
                alerting.put(c.getName(), get(c, next.alerting()));
            }
        }
        return with(running, Map.of("workspaces", workspaces, "alerting", with(running.alerting(), alerting)));
    }

    private static void workspaces(List<WorkspaceConfig> running, List<WorkspaceConfig> next, List<String> out) {
        List<String> was = names(running);
        List<String> now = names(next);
        if (!was.equals(now)) {
            out.add("workspaces (running " + was + ", file " + now + ")");
            return;
        }
        for (int i = 0; i < running.size(); i++) {
            for (RecordComponent c : WorkspaceConfig.class.getRecordComponents()) {
                if (!LIVE_WORKSPACE.contains(c.getName())) {
                    diff(get(c, running.get(i)), get(c, next.get(i)),
                            "workspaces[" + was.get(i) + "]." + snake(c.getName()), out);
                }
            }
        }
    }

    private static List<String> names(List<WorkspaceConfig> workspaces) {
        return workspaces.stream().map(WorkspaceConfig::name).toList();
    }

    /** Adds the paths where {@code a} and {@code b} differ; a list of another length is one difference. */
    static void diff(Object a, Object b, String path, List<String> out) {
        if (a == b) {
            return;
        }
        if (a == null || b == null || a.getClass() != b.getClass()) {
            out.add(path);
        } else if (a instanceof Secret sa) {
            if (!MessageDigest.isEqual(bytes(sa), bytes((Secret) b))) {
                out.add(path);
            }
        } else if (a instanceof Record) {
            for (RecordComponent c : a.getClass().getRecordComponents()) {
                diff(get(c, a), get(c, b), path + "." + snake(c.getName()), out);
            }
        } else if (a instanceof Optional<?> oa) {
            diff(oa.orElse(null), ((Optional<?>) b).orElse(null), path, out);
        } else if (a instanceof List<?> la) {
            List<?> lb = (List<?>) b;
            if (la.size() != lb.size()) {
                out.add(path);
                return;
            }
            for (int i = 0; i < la.size(); i++) {
                diff(la.get(i), lb.get(i), path + "[" + i + "]", out);
            }
        } else if (a instanceof Map<?, ?> ma) {
            Map<?, ?> mb = (Map<?, ?>) b;
            if (!ma.keySet().equals(mb.keySet())) {
                out.add(path);
                return;
            }
            for (Map.Entry<?, ?> e : ma.entrySet()) {
                diff(e.getValue(), mb.get(e.getKey()), path + "." + e.getKey(), out);
            }
        } else if (a instanceof Collection<?> ca && !(a instanceof Set<?>)) {
            Iterator<?> ib = ((Collection<?>) b).iterator();
            if (ca.size() != ((Collection<?>) b).size()) {
                out.add(path);
                return;
            }
            int i = 0;
            for (Object x : ca) {
                diff(x, ib.next(), path + "[" + i++ + "]", out);
            }
        } else if (!a.equals(b)) {
            out.add(path);
        }
    }

    private static byte[] bytes(Secret s) {
        return s.reveal().getBytes(StandardCharsets.UTF_8);
    }

    private static RecordComponent c(Class<? extends Record> type, String name) {
        for (RecordComponent c : type.getRecordComponents()) {
            if (c.getName().equals(name)) {
                return c;
            }
        }
        throw new IllegalStateException(type.getSimpleName() + " has no component " + name);
    }

    private static Object get(RecordComponent c, Object record) {
        try {
            return c.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + c.getName(), e);
        }
    }

    /**
     * A copy of {@code base} with some components replaced. Reflective on purpose: a component added
     * to the record later is carried over from the running config without touching this class.
     */
    @SuppressWarnings("unchecked")
    private static <R extends Record> R with(R base, Map<String, Object> replaced) {
        RecordComponent[] components = base.getClass().getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = replaced.containsKey(components[i].getName())
                    ? replaced.get(components[i].getName()) : get(components[i], base);
        }
        try {
            Constructor<?> canonical = base.getClass().getDeclaredConstructor(types);
            return (R) canonical.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot copy " + base.getClass().getSimpleName(), e);
        }
    }

    /** expectedCallers → expected_callers, as the keys are spelled in the file. */
    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
