package dev.acrwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acrwatch.config.AcrWatchConfig;
import dev.acrwatch.config.AuthConfig;
import dev.acrwatch.config.PollConfig;
import dev.acrwatch.config.WorkspaceConfig;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.source.IngestionInterval;
import dev.acrwatch.source.loganalytics.KqlTemplates;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class KqlCommandTest {

    static WorkspaceConfig ws(String name, List<String> registries) {
        return new WorkspaceConfig(name, "00000000-0000-0000-0000-00000000000" + name.length(), Optional.empty(),
                new AuthConfig.None(), registries);
    }

    @Test
    void printsEveryWorkspaceAndTableForThePollEndingAtNowMinusSettle() {
        PollConfig poll = PollConfig.defaults(); // interval 60 s, settle 2 min
        AcrWatchConfig cfg = new AcrWatchConfig(List.of(ws("prod", List.of("prodreg.azurecr.io")), ws("staging", List.of())),
                poll, null, null);
        Instant now = Instant.parse("2026-11-23T21:05:00Z");
        IngestionInterval expected = new IngestionInterval(
                Instant.parse("2026-11-23T21:02:00Z"), Instant.parse("2026-11-23T21:03:00Z"));

        String out = KqlCommand.render(cfg, now);

        assertThat(out).contains("// workspace prod (00000000-0000-0000-0000-000000000004), table ContainerRegistryLoginEvents\n"
                + "// rows ingested in (2026-11-23T21:02:00Z, 2026-11-23T21:03:00Z]; API timespan "
                + "2026-11-21T21:02:00Z/2026-11-23T21:03:00Z");
        for (WorkspaceConfig w : cfg.workspaces()) {
            for (LogTable t : LogTable.values()) {
                assertThat(out).contains(KqlTemplates.pollQuery(t, w, poll, expected).text() + "\n\n");
            }
        }
        assertThat(out.split("// workspace ", -1)).hasSize(5);
    }

    @Test
    void unreadableConfigExitsWithStatus2AndNamesTheFile(@TempDir Path dir) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path missing = dir.resolve("missing.yaml");
        int code = new CommandLine(new KqlCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("--config", missing.toString(), "--at", "2026-11-23T21:05:00Z");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("missing.yaml");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void badInstantIsAUsageError() {
        StringWriter err = new StringWriter();
        int code = new CommandLine(new KqlCommand()).setErr(new PrintWriter(err))
                .execute("--config", "x.yaml", "--at", "yesterday");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--at: expected an instant like 2026-11-23T21:00:00Z, found \"yesterday\"");
    }
}
