package dev.acrwatch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.acrwatch.poll.BacktestResult;
import dev.acrwatch.poll.BacktestSender;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The backtest's machine-readable output (one JSON object). */
final class BacktestJson {

    private BacktestJson() {}

    /**
     * @param delivery per receiver, when {@code --send} was given
     */
    static String render(BacktestResult r, long skipped, List<String> problems,
            Optional<List<BacktestSender.Delivery>> delivery) {
        Map<String, Object> root = new LinkedHashMap<>();
        List<Map<String, Object>> timeline = new ArrayList<>();
        for (BacktestResult.Entry e : r.timeline()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", e.at().toString());
            m.put("rule", e.rule());
            m.put("labels", e.labels());
            m.put("status", e.status().label());
            m.put("value", e.value());
            m.put("threshold", e.threshold());
            m.put("receivers", e.receivers());
            timeline.add(m);
        }
        root.put("timeline", timeline);
        List<Map<String, Object>> summary = new ArrayList<>();
        for (BacktestResult.SummaryRow s : r.summary()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("registry", s.registry());
            m.put("class", s.failureClass());
            m.put("events", s.events());
            m.put("alerts_fired", s.alertsFired());
            summary.add(m);
        }
        root.put("summary", summary);
        root.put("end_of_data", r.endOfData().map(Object::toString).orElse(null));
        List<Map<String, Object>> open = new ArrayList<>();
        for (BacktestResult.Open o : r.stillOpen()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rule", o.rule());
            m.put("labels", o.labels());
            m.put("state", o.firing() ? "firing" : "pending");
            m.put("since", o.since().toString());
            m.put("value", o.value().orElse(null));
            m.put("threshold", o.threshold().orElse(null));
            m.put("notified", o.notified());
            open.add(m);
        }
        root.put("still_open", open);
        root.put("rows", r.rows());
        root.put("events", r.events());
        root.put("skipped", skipped);
        root.put("problems", problems);
        root.put("sent", delivery.isPresent());
        List<Map<String, Object>> sent = new ArrayList<>();
        for (BacktestSender.Delivery d : delivery.orElse(List.of())) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("receiver", d.receiver());
            m.put("delivered", d.delivered());
            m.put("failed", d.failed());
            m.put("skipped", d.skipped());
            m.put("error", d.lastError().orElse(null));
            sent.add(m);
        }
        root.put("delivery", sent);
        try {
            return new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
