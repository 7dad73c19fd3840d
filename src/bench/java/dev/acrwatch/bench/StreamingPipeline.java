package dev.acrwatch.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.acrwatch.config.MetricsConfig;
import dev.acrwatch.event.EventCount;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.metrics.AcrMetrics;
import dev.acrwatch.rule.InMemoryBinStore;
import dev.acrwatch.source.IngestionInterval;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Prototype of the proposed fix for the throughput row: read the query API's response with a
 * Jackson streaming parser straight into {@link EventCount}s (what the SDK's LogsTable conversion
 * does in quadratic time), then the same classify, counters and bins as the SDK path.
 */
final class StreamingPipeline {

    private StreamingPipeline() {}

    static int run(byte[] body, List<String> registries) throws IOException {
        List<EventCount> rows = parse(body);
        AcrMetrics metrics = AcrMetrics.create(MetricsConfig.defaults(), Clock.systemUTC(), "bench");
        metrics.registerWorkspace("bench", registries);
        IngestionInterval interval = new IngestionInterval(ThroughputRun.HOUR,
                ThroughputRun.HOUR.plus(Duration.ofHours(1)));
        ThroughputRun.commit(rows, interval, metrics, new InMemoryBinStore());
        return rows.size();
    }

    static List<EventCount> parse(byte[] body) throws IOException {
        List<EventCount> out = new ArrayList<>();
        Map<String, Instant> instants = new HashMap<>(); // minutes repeat across rows
        try (JsonParser p = new JsonFactory().createParser(body)) {
            List<String> columns = new ArrayList<>();
            while (p.nextToken() != null) {
                if (p.currentToken() != JsonToken.FIELD_NAME) {
                    continue;
                }
                String field = p.currentName();
                if (field.equals("columns")) {
                    p.nextToken();
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String k = p.currentName();
                            p.nextToken();
                            if (k.equals("name")) {
                                columns.add(p.getText());
                            }
                        }
                    }
                } else if (field.equals("rows")) {
                    p.nextToken();
                    String[] v = new String[columns.size()];
                    while (p.nextToken() == JsonToken.START_ARRAY) {
                        int i = 0;
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            v[i++] = p.currentToken() == JsonToken.VALUE_NULL ? null : p.getText();
                        }
                        out.add(new EventCount(LogTable.LOGIN, instant(instants, v[0]), v[1], v[2], v[3], v[4], v[5], "",
                                Long.parseLong(v[6]), instant(instants, v[7]), Double.parseDouble(v[8]),
                                Double.parseDouble(v[9])));
                    }
                }
            }
        }
        return out;
    }

    private static Instant instant(Map<String, Instant> cache, String text) {
        return cache.computeIfAbsent(text, t -> OffsetDateTime.parse(t).toInstant());
    }
}
