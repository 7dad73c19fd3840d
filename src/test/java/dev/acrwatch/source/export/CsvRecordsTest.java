package dev.acrwatch.source.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CsvRecordsTest {

    /** Records as (line, fields), and "truncated at line N" when the file ends inside quotes. */
    private static List<String> records(CsvRecords csv) throws IOException {
        List<String> out = new ArrayList<>();
        try {
            while (csv.next()) {
                out.add(csv.recordLine() + ":" + csv.fields() + (csv.hasReplacement() ? " (U+FFFD)" : ""));
            }
        } catch (CsvRecords.TruncatedException e) {
            out.add("truncated at " + csv.recordLine() + ": " + e.getMessage());
        }
        return out;
    }

    private static List<String> read(String text, int bufferSize) throws IOException {
        return records(new CsvRecords(new StringReader(text), bufferSize));
    }

    @Test
    void quotedFieldsKeepCommasNewlinesAndEscapedQuotes() throws IOException {
        String csv = "a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\"\r\nnext,,\"\",x\n";

        assertThat(read(csv, 64 * 1024)).containsExactly(
                "1:[a, b,c, say \"hi\", two\nlines]",
                "3:[next, , , x]");
    }

    @Test
    void carriageReturnsOutsideQuotesAreDroppedAndBlankLinesSkipped() throws IOException {
        assertThat(read("\r\n\r\na,b\r\n\n\r\nc\r,d\r\n", 64 * 1024)).containsExactly("3:[a, b]", "6:[c, d]");
        // Inside quotes a carriage return is data.
        assertThat(read("\"a\rb\",c\n", 64 * 1024)).containsExactly("1:[a\rb, c]");
    }

    @Test
    void aQuoteOpensAQuotedFieldOnlyAtTheStartOfTheField() throws IOException {
        assertThat(read("ab\"c,\"x\"y\"z,\r\"q,r\"\n", 64 * 1024)).containsExactly("1:[ab\"c, xy\"z, q,r]");
    }

    @Test
    void theLastRecordNeedsNoNewlineAndAnEmptyLastFieldCounts() throws IOException {
        assertThat(read("a,b\nc,", 64 * 1024)).containsExactly("1:[a, b]", "2:[c, ]");
        assertThat(read("a,\"b\"", 64 * 1024)).containsExactly("1:[a, b]");
    }

    @Test
    void aFileEndingInsideQuotesIsReportedAtTheLineTheRecordStarts() throws IOException {
        assertThat(read("a,b\n\"c\nd", 64 * 1024)).containsExactly("1:[a, b]",
                "truncated at 2: the file ends inside a quoted field");
        assertThatThrownBy(() -> {
            CsvRecords csv = new CsvRecords(new StringReader("\"open"), 4);
            csv.next();
        }).isInstanceOf(CsvRecords.TruncatedException.class);
    }

    @Test
    void anUnterminatedQuoteStopsAtTheRecordLimitInsteadOfReadingTheWholeFile() throws IOException {
        // The limit bounds the buffer; a record that fits it, split over refills, still reads whole.
        String longButFine = "\"" + "x".repeat(50) + "\",y\n";
        assertThat(records(new CsvRecords(new StringReader("a,b\n" + longButFine), 8, 64)))
                .containsExactly("1:[a, b]", "2:[" + "x".repeat(50) + ", y]");

        String open = "a,b\n\"never closed," + "z,".repeat(1000) + "\n";
        assertThat(records(new CsvRecords(new StringReader(open), 8, 64))).containsExactly("1:[a, b]",
                "truncated at 2: a record longer than 64 characters (an unterminated quoted field?); "
                        + "the rest of the file is not read");
    }

    @Test
    void theDecodersReplacementCharacterIsFlaggedOnItsRecordOnly() throws IOException {
        assertThat(read("a\uFFFD,b\nc,d\n\"\uFFFD\",e\n", 64 * 1024)).containsExactly("1:[a\uFFFD, b] (U+FFFD)",
                "2:[c, d]", "3:[\uFFFD, e] (U+FFFD)");
    }

    @Test
    void recordsLongerThanTheBufferAndSplitAcrossRefillsReadTheSame() throws IOException {
        String csv = "first,\"quoted, with \"\"escapes\"\"\nand a newline\",last\r\nsecond,x" + "y".repeat(100)
                + ",\"\"\n";
        List<String> expected = read(csv, 64 * 1024);
        for (int size = 1; size < 40; size++) {
            assertThat(read(csv, size)).as("buffer of %d", size).isEqualTo(expected);
        }
        assertThat(expected).hasSize(2);
    }

    @Test
    void fieldsCompareAndHashWithoutBecomingStrings() throws IOException {
        CsvRecords csv = new CsvRecords(new StringReader("contoso.azurecr.io,\"a\"\"b\"\n"), 8);
        assertThat(csv.next()).isTrue();

        assertThat(csv.fieldEquals(0, "contoso.azurecr.io")).isTrue();
        assertThat(csv.fieldEquals(0, "contoso.azurecr.ix")).isFalse();
        assertThat(csv.fieldEquals(1, "a\"b")).isTrue();
        assertThat(csv.fieldLength(1)).isEqualTo(3);
        assertThat(csv.fieldHash(1)).isEqualTo("a\"b".hashCode());
    }

    /** The reader before it was made faster, kept as the reference the fast one must agree with. */
    private static List<String> reference(String text) throws IOException {
        Reader in = new StringReader(text);
        List<String> out = new ArrayList<>();
        int[] line = {1};
        while (true) {
            int c = in.read();
            if (c < 0) {
                return out;
            }
            if (c == '\n') {
                line[0]++;
                continue;
            }
            if (c == '\r') {
                continue;
            }
            int recordLine = line[0];
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean fieldStart = true;
            while (true) {
                if (c < 0) {
                    if (quoted) {
                        out.add("truncated at " + recordLine + ": the file ends inside a quoted field");
                        return out;
                    }
                    fields.add(field.toString());
                    break;
                }
                if (quoted) {
                    if (c == '"') {
                        int d = in.read();
                        if (d == '"') {
                            field.append('"');
                        } else {
                            quoted = false;
                            c = d;
                            continue;
                        }
                    } else {
                        if (c == '\n') {
                            line[0]++;
                        }
                        field.append((char) c);
                    }
                } else if (c == '"' && fieldStart) {
                    quoted = true;
                    fieldStart = false;
                } else if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                    fieldStart = true;
                } else if (c == '\n') {
                    line[0]++;
                    fields.add(field.toString());
                    break;
                } else if (c != '\r') {
                    field.append((char) c);
                    fieldStart = false;
                }
                c = in.read();
            }
            boolean bad = fields.stream().anyMatch(f -> f.indexOf('\uFFFD') >= 0);
            out.add(recordLine + ":" + fields + (bad ? " (U+FFFD)" : ""));
            if (c < 0) {
                return out;
            }
        }
    }

    @Test
    void randomFilesReadAsTheReferenceReaderReadsThem() throws IOException {
        char[] alphabet = {'a', 'b', '1', ' ', ',', ',', '"', '"', '\n', '\r', '\uFFFD', 'é'};
        Random random = new Random(8);
        for (int n = 0; n < 3000; n++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(60);
            for (int i = 0; i < length; i++) {
                text.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String csv = text.toString();
            List<String> expected = reference(csv);
            for (int size : new int[] {1, 2, 5, 16, 64 * 1024}) {
                assertThat(read(csv, size)).as("%s with a buffer of %d", csv.replace("\n", "\\n")
                        .replace("\r", "\\r"), size).isEqualTo(expected);
            }
        }
    }
}
