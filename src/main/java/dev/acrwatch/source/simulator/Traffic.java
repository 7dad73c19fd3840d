package dev.acrwatch.source.simulator;

import java.time.Instant;
import java.util.Random;
import java.util.function.Consumer;

/** What a simulated workspace's registries log, second by second: the demo story or a benchmark's load. */
public interface Traffic {

    /**
     * Emits the requests of one simulated second, in any order within the second. The workspace
     * sets each event's TimeGenerated within the second and its ingestion time.
     */
    void generateSecond(Instant second, Random rnd, Consumer<SimEvent> out);
}
