package dev.acrwatch.source.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acrwatch.event.EventCount;
import dev.acrwatch.event.LogTable;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The CSV cases the fast reader must read as the reader before it did. */
class ExportReaderCsvEdgeCasesTest {

    private static final String EXPECTED_DATE =
            "TimeGenerated: expected a date like 2026-11-23T10:03:00Z or 11/23/2026, 10:03:00 AM, found ";

    private final List<EventCount> rows = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    private ExportReader.Stats read(String text) throws IOException {
        return ExportReader.read("events.csv", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                Optional.empty(), new ExportReader.Sink() {
                    @Override
                    public void row(EventCount row) {
                        rows.add(row);
                    }

                    @Override
                    public void problem(String message) {
                        problems.add(message);
                    }
                });
    }

    @Test
    void byteOrderMarkCrlfQuotesEscapedQuotesAndEmbeddedCommasAndNewlines() throws IOException {
        ExportReader.Stats stats = read("\uFEFFTimeGenerated [UTC],Identity,ResultDescription,LoginServer\r\n"
                + "\"11/23/2026, 10:03:00.000 AM\",\"sp \"\"ci\"\", build\",401,c.azurecr.io\r\n"
                + "\"11/23/2026, 10:03:01.000 AM\",\"two\r\nlines\",401,c.azurecr.io\r\n"
                + "\"11/23/2026, 10:03:02.000 AM\",,401,\r\n");

        assertThat(stats).isEqualTo(new ExportReader.Stats(InputFormat.CSV, 3, 0));
        assertThat(problems).isEmpty();
        assertThat(rows).extracting(EventCount::identity).containsExactly("sp \"ci\", build", "two\r\nlines", "");
        assertThat(rows).extracting(EventCount::loginServer).containsExactly("c.azurecr.io", "c.azurecr.io", "");
        assertThat(rows).extracting(EventCount::maxIngestion).containsExactly(Instant.parse("2026-11-23T10:03:00Z"),
                Instant.parse("2026-11-23T10:03:01Z"), Instant.parse("2026-11-23T10:03:02Z"));
        assertThat(rows).extracting(EventCount::minute).containsOnly(Instant.parse("2026-11-23T10:03:00Z"));
    }

    @Test
    void badDatesAreReportedWithFileLineAndValueEvenInAMinuteAlreadyRead() throws IOException {
        read("TimeGenerated [UTC],ResultDescription\n"
                + "\"11/23/2026, 10:03:05.000 AM\",401\n"
                + "\"11/23/2026, 10:03:75.000 AM\",401\n"
                + "\"13/23/2026, 10:03:05.000 AM\",401\n"
                + "\"11/23/2026, 10:03:06.000 XM\",401\n"
                + "\"11/23/2026, 10:03:07.000 AM\",401\n");

        assertThat(rows).extracting(EventCount::maxIngestion).containsExactly(Instant.parse("2026-11-23T10:03:05Z"),
                Instant.parse("2026-11-23T10:03:07Z"));
        assertThat(problems).containsExactly(
                "events.csv:3: " + EXPECTED_DATE + "\"11/23/2026, 10:03:75.000 AM\"",
                "events.csv:4: " + EXPECTED_DATE + "\"13/23/2026, 10:03:05.000 AM\"",
                "events.csv:5: " + EXPECTED_DATE + "\"11/23/2026, 10:03:06.000 XM\"");
    }

    @Test
    void aColumnTheHeaderDoesNotNameIsMissingOrEmptyAsBefore() throws IOException {
        read("TimeGenerated,LoginServer\n2026-11-23T10:03:00Z,c.azurecr.io\n");
        read("TimeGenerated,ResultDescription,Repository\n2026-11-23T10:03:00Z,403,app/web\n");

        assertThat(problems).containsExactly("events.csv:2: ResultDescription: missing");
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.table()).isEqualTo(LogTable.REPOSITORY);
            assertThat(r.repository()).isEqualTo("app/web");
            assertThat(r.identity()).isEmpty();
            assertThat(r.loginServer()).isEmpty();
        });
    }

    @Test
    void aRowWithAFieldMoreOrLessThanTheHeaderIsSkipped() throws IOException {
        ExportReader.Stats stats = read("TimeGenerated,ResultDescription\n2026-11-23T10:03:00Z,401,extra\n"
                + "2026-11-23T10:03:00Z\n2026-11-23T10:03:00Z,\"401\"\n");

        assertThat(stats.rows()).isEqualTo(1);
        assertThat(problems).containsExactly("events.csv:2: expected 2 columns, found 3",
                "events.csv:3: expected 2 columns, found 1");
    }

    @Test
    void theTypeColumnPicksTheTableRowByRow() throws IOException {
        read("TimeGenerated,ResultDescription,Type\n"
                + "2026-11-23T10:03:00Z,401,ContainerRegistryLoginEvents\n"
                + "2026-11-23T10:03:00Z,401,ContainerRegistryRepositoryEvents\n"
                + "2026-11-23T10:03:00Z,401,containerregistryrepositoryevents \n"
                + "2026-11-23T10:03:00Z,401,Other\n"
                + "2026-11-23T10:03:00Z,401,Other\n");

        assertThat(rows).extracting(EventCount::table).containsExactly(LogTable.LOGIN, LogTable.REPOSITORY,
                LogTable.REPOSITORY, LogTable.LOGIN, LogTable.LOGIN);
    }

    @Test
    void manyDistinctValuesOfAColumnEachKeepTheirOwnText() throws IOException {
        StringBuilder csv = new StringBuilder("TimeGenerated,ResultDescription,CallerIpAddress,Identity\n");
        for (int i = 0; i < 5000; i++) {
            csv.append("2026-11-23T10:03:00Z,401,10.").append(i % 1777).append(".0.1,")
                    .append("x".repeat(i % 70)).append('\n');
        }
        read(csv.toString());

        assertThat(rows).hasSize(5000);
        for (int i = 0; i < 5000; i++) {
            assertThat(rows.get(i).callerIp()).isEqualTo("10." + (i % 1777) + ".0.1");
            assertThat(rows.get(i).identity()).isEqualTo("x".repeat(i % 70));
        }
    }
}
