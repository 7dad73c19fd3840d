package dev.acrwatch.source.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

class ExportReaderTest {

    private final List<EventCount> rows = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final ExportReader.Sink sink = new ExportReader.Sink() {
        @Override
        public void row(EventCount row) {
            rows.add(row);
        }

        @Override
        public void problem(String message) {
            problems.add(message);
        }
    };

    private ExportReader.Stats read(String name, byte[] bytes) throws IOException {
        return ExportReader.read(name, new ByteArrayInputStream(bytes), Optional.empty(), sink);
    }

    private ExportReader.Stats read(String name, String text) throws IOException {
        return read(name, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void portalCsvWithUtcHeadersAndUsDatesGivesOneSummarizedRowPerRecord() throws IOException {
        ExportReader.Stats stats = read("events.csv", "\uFEFFTimeGenerated [UTC],LoginServer,OperationName,"
                + "ResultDescription,Identity,CallerIpAddress,count_\r\n"
                + "\"11/23/2026, 10:03:00.123 AM\",contoso.azurecr.io,Login,401,sp-ci,20.42.5.10,7\r\n"
                + "\"11/23/2026, 1:04:59 PM\",contoso.azurecr.io,Login,200,sp-ci,20.42.5.10,3\r\n");

        assertThat(stats).isEqualTo(new ExportReader.Stats(InputFormat.CSV, 2, 0));
        assertThat(problems).isEmpty();
        assertThat(rows).containsExactly(
                new EventCount(LogTable.LOGIN, Instant.parse("2026-11-23T10:03:00Z"), "contoso.azurecr.io", "Login",
                        "401", "sp-ci", "20.42.5.10", "", 7, Instant.parse("2026-11-23T10:03:00.123Z"), 0, 0),
                // Caller detail is kept on successes too: the replay needs it for expected callers.
                new EventCount(LogTable.LOGIN, Instant.parse("2026-11-23T13:04:00Z"), "contoso.azurecr.io", "Login",
                        "200", "sp-ci", "20.42.5.10", "", 3, Instant.parse("2026-11-23T13:04:59Z"), 0, 0));
    }

    @Test
    void azJsonRawRowsCountOneEachAndTheRepositoryColumnSelectsTheRepositoryTable() throws IOException {
        ExportReader.Stats stats = read("az.json", """
                [
                  {"TimeGenerated": "2026-11-23T10:03:10.5Z", "LoginServer": "contoso.azurecr.io",
                   "OperationName": "Pull", "ResultDescription": "403", "Identity": "aks-agent",
                   "Repository": "app/web", "Size": 12, "Extra": {"nested": [1, 2]}},
                  {"TimeGenerated": "2026-11-23T10:04:00Z", "LoginServer": "contoso.azurecr.io",
                   "OperationName": "Login", "ResultDescription": "429", "Type": "ContainerRegistryLoginEvents"}
                ]
                """);

        assertThat(stats).isEqualTo(new ExportReader.Stats(InputFormat.AZ_JSON, 2, 0));
        assertThat(rows).extracting(EventCount::table, EventCount::minute, EventCount::status, EventCount::count,
                EventCount::repository).containsExactly(
                org.assertj.core.groups.Tuple.tuple(LogTable.REPOSITORY, Instant.parse("2026-11-23T10:03:00Z"), "403",
                        1L, "app/web"),
                org.assertj.core.groups.Tuple.tuple(LogTable.LOGIN, Instant.parse("2026-11-23T10:04:00Z"), "429", 1L,
                        ""));
    }

    @Test
    void portalJsonWithUtcKeysAndCountColumnIsRead() throws IOException {
        read("portal.json", """
                [{"TimeGenerated [UTC]": "11/23/2026, 10:03:00.000 AM", "LoginServer": "c.azurecr.io",
                  "ResultDescription": "401", "Count": 12}]""");

        assertThat(problems).isEmpty();
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.count()).isEqualTo(12);
            assertThat(r.minute()).isEqualTo(Instant.parse("2026-11-23T10:03:00Z"));
        });
    }

    @Test
    void badRowsAreReportedWithFileAndLineAndSkippedWhileTheRestIsRead() throws IOException {
        ExportReader.Stats stats = read("events.csv", String.join("\n",
                "TimeGenerated,LoginServer,ResultDescription,count_",
                "2026-11-23T10:03:00Z,c.azurecr.io,401,2",
                "23.11.2026 10:03,c.azurecr.io,401,2",
                "2026-11-23T10:03:00Z,c.azurecr.io,401",
                "2026-11-23T10:03:00Z,c.azurecr.io,401,many",
                "\"2026-11-23T10:04:00Z\",\"c.azurecr.io\",\"401\",\"-1\"",
                "2026-11-23T10:05:00Z,c.azurecr.io,200,1") + "\n");

        assertThat(stats.rows()).isEqualTo(2);
        assertThat(stats.skipped()).isEqualTo(4);
        assertThat(problems).containsExactly(
                "events.csv:3: TimeGenerated: expected a date like 2026-11-23T10:03:00Z or 11/23/2026, 10:03:00 AM,"
                        + " found \"23.11.2026 10:03\"",
                "events.csv:4: expected 4 columns, found 3",
                "events.csv:5: count_: expected a whole number >= 0, found \"many\"",
                "events.csv:6: count_: expected a whole number >= 0, found \"-1\"");
    }

    @Test
    void aQuotedFieldSpanningLinesKeepsLaterLineNumbersRight() throws IOException {
        read("events.csv", "TimeGenerated,UserAgent,ResultDescription\n"
                + "2026-11-23T10:03:00Z,\"docker/24\nline two\",401\n"
                + "bad,x,401\n");

        assertThat(rows).hasSize(1);
        assertThat(problems).singleElement().asString().startsWith("events.csv:4: TimeGenerated:");
    }

    @Test
    void invalidUtf8SkipsOnlyTheRowThatHoldsIt() throws IOException {
        byte[] head = "TimeGenerated,Identity,ResultDescription\n2026-11-23T10:03:00Z,"
                .getBytes(StandardCharsets.UTF_8);
        byte[] bad = {(byte) 0xC3, (byte) 0x28};
        byte[] tail = ",401\n2026-11-23T10:04:00Z,ok,401\n".getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + bad.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(bad, 0, all, head.length, bad.length);
        System.arraycopy(tail, 0, all, head.length + bad.length, tail.length);

        ExportReader.Stats stats = read("events.csv", all);

        assertThat(stats.rows()).isEqualTo(1);
        assertThat(problems).containsExactly("events.csv:2: invalid UTF-8");
    }

    @Test
    void utf16WithByteOrderMarkIsDecoded() throws IOException {
        String csv = "\uFEFFTimeGenerated [UTC],ResultDescription\n\"11/23/2026, 10:03:00 AM\",429\n";
        read("events.csv", csv.getBytes(StandardCharsets.UTF_16LE));

        assertThat(problems).isEmpty();
        assertThat(rows).singleElement().extracting(EventCount::status).isEqualTo("429");
    }

    @Test
    void aCsvCutInsideAQuotedFieldKeepsTheRowsBeforeAndReportsTheCut() throws IOException {
        ExportReader.Stats stats = read("events.csv",
                "TimeGenerated,ResultDescription\n2026-11-23T10:03:00Z,401\n\"2026-11-23T10:0");

        assertThat(stats.rows()).isEqualTo(1);
        assertThat(problems).containsExactly("events.csv:3: the file ends inside a quoted field");
    }

    @Test
    void aTruncatedJsonArrayKeepsTheObjectsBeforeTheCut() throws IOException {
        ExportReader.Stats stats = read("az.json", """
                [
                  {"TimeGenerated": "2026-11-23T10:03:00Z", "ResultDescription": "401"},
                  {"TimeGenerated": "2026-11-23T10:0""");

        assertThat(stats.rows()).isEqualTo(1);
        assertThat(stats.skipped()).isEqualTo(1);
        assertThat(problems).singleElement().asString()
                .isEqualTo("az.json:3: malformed or truncated JSON; the rest of the file is skipped");
    }

    @Test
    void aJsonObjectWithoutTimeGeneratedIsSkipped() throws IOException {
        read("az.json",
                "[{\"ResultDescription\": \"401\"},\n{\"TimeGenerated\": null, \"ResultDescription\": \"401\"}]");

        assertThat(rows).isEmpty();
        assertThat(problems).containsExactly("az.json:1: TimeGenerated: missing",
                "az.json:2: TimeGenerated: expected a date like 2026-11-23T10:03:00Z or 11/23/2026, 10:03:00 AM,"
                        + " found \"\"");
    }

    @Test
    void aFileThatIsNoExportCannotBeReadAtAll() {
        assertThatThrownBy(() -> read("notes.txt", "hello,world\n1,2\n"))
                .isInstanceOf(IOException.class)
                .hasMessage("notes.txt:1: not a Log Analytics export: no TimeGenerated column in the header");
        assertThatThrownBy(() -> read("empty.csv", "  \n")).hasMessage("empty.csv: empty file");
    }
}
