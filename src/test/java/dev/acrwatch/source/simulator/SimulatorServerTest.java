package dev.acrwatch.source.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acrwatch.config.AuthConfig;
import dev.acrwatch.config.PollConfig;
import dev.acrwatch.config.WorkspaceConfig;
import dev.acrwatch.event.EventCount;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.source.EventBatch;
import dev.acrwatch.source.IngestionInterval;
import dev.acrwatch.source.loganalytics.KqlTemplates;
import dev.acrwatch.source.loganalytics.LogAnalyticsSources;
import dev.acrwatch.testing.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The simulated workspace over HTTP, read through the production query client: the packed shape of the daemon's query. */
class SimulatorServerTest {

    static final String ID = "00000000-0000-4000-8000-00000000501a";
    static final Instant START = Instant.parse("2026-11-23T10:00:00Z");
    static final String REGISTRY = "contosoprod.azurecr.io";

    /** One minute of 20 failed logins a second from 3 identities over 50 IPs, and a few pulls. */
    static final Traffic STORM = (second, rnd, out) -> {
        if (!second.isBefore(START.plus(Duration.ofMinutes(1)))) {
            return;
        }
        for (int i = 0; i < 20; i++) {
            int ip = rnd.nextInt(50);
            out.accept(new SimEvent(LogTable.LOGIN, second, second, REGISTRY, "Login", "401", "sp-ci-" + ip % 3,
                    "20.42.5." + (10 + ip), ""));
        }
        out.accept(new SimEvent(LogTable.LOGIN, second, second, REGISTRY, "Login", "200", "aks", "10.240.0.4", ""));
    };

    final MutableClock clock = new MutableClock(START);
    final SimulatedWorkspace ws = new SimulatedWorkspace(STORM, clock, 5, START);
    final IngestionInterval hour = new IngestionInterval(START, START.plus(Duration.ofHours(1)));

    WorkspaceConfig config(SimulatorServer server) {
        return new WorkspaceConfig("sim", ID, Optional.of(server.endpoint()), new AuthConfig.None(), List.of(REGISTRY));
    }

    @Test
    void aStormMinuteComesBackAsOneRowPerIdentityAndEveryEventIsCounted() throws Exception {
        clock.set(START.plus(Duration.ofMinutes(10)));
        try (SimulatorServer server = new SimulatorServer(ws, ID).start()) {
            EventBatch batch = LogAnalyticsSources.create(config(server), PollConfig.defaults(), (w, t, e, r, f) -> { })
                    .fetch(LogTable.LOGIN, hour);

            assertThat(server.rowsAnswered()).isEqualTo(4); // 3 identities' 401s and the 200s
            List<SimEvent> events = ws.eventsUpTo(hour.toInclusive());
            assertThat(batch.eventTotal()).isEqualTo(events.size()).isEqualTo(60 * 21);
            Map<String, Long> perIp = batch.rows().stream().filter(r -> r.status().equals("401"))
                    .collect(Collectors.groupingBy(r -> r.identity() + " " + r.callerIp(),
                            Collectors.summingLong(EventCount::count)));
            Map<String, Long> expected = events.stream().filter(e -> e.status().equals("401"))
                    .collect(Collectors.groupingBy(e -> e.identity() + " " + e.callerIp(), Collectors.counting()));
            assertThat(perIp).isEqualTo(expected).hasSize(50);
            assertThat(batch.rows()).filteredOn(r -> r.status().equals("200")).singleElement()
                    .satisfies(r -> assertThat(r.identity() + r.callerIp()).isEmpty());
        }
    }

    @Test
    void callersAreADynamicColumnSentAsAJsonStringLikeTheRestApi() throws Exception {
        clock.set(START.plus(Duration.ofMinutes(10)));
        try (SimulatorServer server = new SimulatorServer(ws, ID).start()) {
            KqlTemplates.PollQuery q = KqlTemplates.pollQuery(LogTable.LOGIN, config(server), PollConfig.defaults(), hour);
            ObjectMapper json = new ObjectMapper();
            String body = json.writeValueAsString(Map.of("query", q.text(),
                    "timespan", q.timespanStart() + "/" + q.timespanEnd()));
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(server.endpoint() + "/workspaces/" + ID + "/query"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode table = json.readTree(response.body()).path("tables").path(0);
            JsonNode columns = table.path("columns");
            assertThat(columns.findValuesAsText("name")).containsExactly("Minute", "LoginServer", "OperationName",
                    "ResultDescription", "Identity", "Count", "MaxIngestion", "DelaySumSec", "DelayMaxSec", "Callers");
            assertThat(columns.path(9).path("type").asText()).isEqualTo("dynamic");
            for (JsonNode row : table.path("rows")) {
                JsonNode callers = row.path(9);
                assertThat(callers.isTextual()).as("Callers %s", callers).isTrue();
                long sum = 0;
                for (JsonNode pair : json.readTree(callers.textValue())) {
                    sum += pair.path(1).asLong();
                }
                assertThat(sum).isEqualTo(row.path(5).asLong());
            }
        }
    }
}
