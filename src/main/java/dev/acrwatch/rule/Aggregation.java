package dev.acrwatch.rule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/** Sums bin rows per group, keeping what a result reports: span and top contributors. */
final class Aggregation {

    static final int TOP_N = 5;

    /** The running totals of one group. */
    static final class Group {
        final SortedMap<String, String> labels;
        long count;
        Instant first;
        Instant last;
        final Map<String, Long> identities = new HashMap<>();
        final Map<String, Long> ips = new HashMap<>();
        final Map<String, Long> repos = new HashMap<>();

        Group(SortedMap<String, String> labels) {
            this.labels = labels;
        }

        void add(BinRow r) {
            count += r.count();
            if (first == null || r.minute().isBefore(first)) {
                first = r.minute();
            }
            if (last == null || r.minute().isAfter(last)) {
                last = r.minute();
            }
            bump(identities, r.dims().identity(), r.count());
            bump(ips, r.dims().callerIp(), r.count());
            bump(repos, r.dims().repository(), r.count());
        }

        List<TopCount> top(Map<String, Long> m) {
            List<TopCount> all = new ArrayList<>();
            m.forEach((k, v) -> all.add(new TopCount(k, v)));
            all.sort(Comparator.comparingLong(TopCount::count).reversed().thenComparing(TopCount::value));
            return all.size() > TOP_N ? List.copyOf(all.subList(0, TOP_N)) : List.copyOf(all);
        }

        private static void bump(Map<String, Long> m, String key, long n) {
            if (!key.isEmpty()) {
                m.merge(key, n, Long::sum);
            }
        }
    }

    private Aggregation() {}

    static SortedMap<String, String> labelsOf(BinDims d, List<Dimension> groupBy) {
        SortedMap<String, String> labels = new TreeMap<>();
        for (Dimension g : groupBy) {
            labels.put(g.label(), g.valueOf(d));
        }
        return labels;
    }

    /** Groups the rows matching {@code filter}, in first-seen order. */
    static Map<SortedMap<String, String>, Group> group(List<BinRow> rows, Predicate<BinDims> filter,
            List<Dimension> groupBy) {
        Map<SortedMap<String, String>, Group> out = new LinkedHashMap<>();
        for (BinRow r : rows) {
            if (filter.test(r.dims())) {
                SortedMap<String, String> key = labelsOf(r.dims(), groupBy);
                out.computeIfAbsent(key, Group::new).add(r);
            }
        }
        return out;
    }

    static RuleResult result(RuleCommon rule, String type, SortedMap<String, String> labels, Group g,
            boolean active, double value, double threshold) {
        return new RuleResult(rule.name(), type, labels, active, value, threshold, rule.window(),
                g == null ? java.util.Optional.empty() : java.util.Optional.ofNullable(g.first),
                g == null ? java.util.Optional.empty() : java.util.Optional.ofNullable(g.last),
                g == null ? List.of() : g.top(g.identities),
                g == null ? List.of() : g.top(g.ips),
                g == null ? List.of() : g.top(g.repos));
    }
}
