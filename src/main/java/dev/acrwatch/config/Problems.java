package dev.acrwatch.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects config problems and returns them in document order.
 *
 * <p>Section parsers read keys in whatever order suits them, so each problem is placed by the
 * position of its key path in the parsed tree (pre-order). A key that is absent (a "required"
 * problem) sorts at the end of the nearest map that is present.
 */
final class Problems {

    private record Problem(long position, int seq, String text) {}

    private final Map<String, long[]> spans = new HashMap<>();
    private final List<Problem> problems = new ArrayList<>();

    Problems(JsonNode root) {
        index("", root, new long[] {0});
    }

    private void index(String path, JsonNode node, long[] counter) {
        long enter = counter[0]++;
        if (node != null && node.isObject()) {
            node.fields().forEachRemaining(e -> index(Render.keyPath(path, e.getKey()), e.getValue(), counter));
        } else if (node != null && node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                index(path + "[" + i + "]", node.get(i), counter);
            }
        }
        spans.put(path, new long[] {enter, counter[0]++});
    }

    /** Records {@code message} for {@code path}; {@code anchor} is the closest existing node. */
    void add(String path, String anchor, String message) {
        long[] own = spans.get(path);
        long position;
        if (own != null) {
            position = own[0];
        } else {
            long[] parent = spans.get(anchor);
            position = parent == null ? Long.MAX_VALUE : parent[1];
        }
        String where = path.isEmpty() ? "(top level)" : path;
        problems.add(new Problem(position, problems.size(), where + ": " + message));
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    List<String> inDocumentOrder() {
        return problems.stream()
                .sorted(Comparator.comparingLong(Problem::position).thenComparingInt(Problem::seq))
                .map(Problem::text)
                .toList();
    }
}
