package dev.acrwatch.source;

import dev.acrwatch.event.EventCount;
import dev.acrwatch.event.LogTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Test double: answers each fetch from a function of the interval and records what was asked. */
final class ScriptedSource implements EventSource {

    interface Answer {
        EventBatch answer(IngestionInterval interval) throws SourceException;
    }

    final List<IngestionInterval> asked = new ArrayList<>();
    private final Answer answer;

    ScriptedSource(Answer answer) {
        this.answer = answer;
    }

    @Override
    public EventBatch fetch(LogTable table, IngestionInterval interval) throws SourceException {
        asked.add(interval);
        return answer.answer(interval);
    }

    static EventBatch batch(IngestionInterval interval, int rows) {
        List<EventCount> list = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            list.add(row(interval.toInclusive(), "200", i + 1));
        }
        return new EventBatch(interval, list, 1);
    }

    static EventCount row(Instant minute, String status, long count) {
        return new EventCount(LogTable.LOGIN, minute, "r.azurecr.io", "Pull", status, "", "", "", count,
                minute, 0, 0);
    }
}
