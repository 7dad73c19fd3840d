package dev.acrwatch.source.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExportDatesTest {

    private final ExportDates.Parser parser = new ExportDates.Parser();
    private final ExportDates.Parser viewParser = new ExportDates.Parser();

    @Test
    void portalAndIsoDatesParseToTheInstantWithSecondsAndFraction() {
        assertThat(parser.parse("11/23/2026, 10:03:00.000 AM")).isEqualTo(Instant.parse("2026-11-23T10:03:00Z"));
        assertThat(parser.parse("11/23/2026, 10:03:07.250 AM")).isEqualTo(Instant.parse("2026-11-23T10:03:07.250Z"));
        assertThat(parser.parse(" 11/23/2026, 10:03:59 pm ")).isEqualTo(Instant.parse("2026-11-23T22:03:59Z"));
        assertThat(parser.parse("11/23/2026, 12:00:01.123456789 AM"))
                .isEqualTo(Instant.parse("2026-11-23T00:00:01.123456789Z"));
        assertThat(parser.parse("2026-11-23T10:03:09.5Z")).isEqualTo(Instant.parse("2026-11-23T10:03:09.500Z"));
        assertThat(parser.parse("2026-11-23 10:03:09")).isEqualTo(Instant.parse("2026-11-23T10:03:09Z"));
        assertThat(parser.parse("2026-11-23T10:03:09+01:00")).isEqualTo(Instant.parse("2026-11-23T09:03:09Z"));
    }

    @Test
    void aBadSecondAfterAGoodOneOfTheSameMinuteIsStillBad() {
        assertThat(parser.parse("11/23/2026, 10:03:05 AM")).isNotNull();

        assertThat(parser.parse("11/23/2026, 10:03:75 AM")).isNull();
        assertThat(parser.parse("11/23/2026, 10:03:05.1234567890 AM")).isNull();
        assertThat(parser.parse("11/23/2026, 10:03:05. AM")).isNull();
        assertThat(parser.parse("11/23/2026, 10:03:05 XM")).isNull();
        assertThat(parser.parse("11/23/2026, 10:03:05.5.5 AM")).isNull();
    }

    @Test
    void aBadMinuteStaysBadAndTheNextGoodMinuteIsRead() {
        assertThat(parser.parse("13/23/2026, 10:03:05 AM")).isNull();
        assertThat(parser.parse("13/23/2026, 10:03:06 AM")).isNull();
        assertThat(parser.parse("11/23/2026, 10:60:06 AM")).isNull();

        assertThat(parser.parse("11/23/2026, 10:04:06 AM")).isEqualTo(Instant.parse("2026-11-23T10:04:06Z"));
    }

    @Test
    void midnightAsHour24OnlyWithZeroSecondsAsBefore() {
        assertThat(parser.parse("2026-11-23T24:00:00")).isEqualTo(ExportDates.parse("2026-11-23T24:00:00").get());
        assertThat(parser.parse("2026-11-23T24:00:05")).isNull();
    }

    @Test
    void theMinuteOfAnInstantIsTheCachedMinute() {
        Instant t = parser.parse("11/23/2026, 10:03:07.250 AM");

        assertThat(parser.minuteOf(t)).isEqualTo(Instant.parse("2026-11-23T10:03:00Z"))
                .isSameAs(parser.minuteOf(parser.parse("11/23/2026, 10:03:08 AM")));
        assertThat(parser.minuteOf(Instant.parse("2026-11-24T01:02:03Z"))).isEqualTo(Instant.parse("2026-11-24T01:02:00Z"));
    }

    /** The per-minute cache gives what parsing every date whole gives, good or bad, in any order. */
    @Test
    void randomDatesParseAsTheWholeDateParserParsesThem() {
        Random random = new Random(11);
        String[] days = {"11/23/2026", "2/28/2026", "2/30/2026", "13/1/2026", "1/1/10000", "11/31/2026", "11/23/26"};
        String[] isoDays = {"2026-11-23", "2026-02-29", "2028-02-29", "2026-13-01", "+2026-11-23"};
        String[] hours = {"10", "1", "12", "0", "00", "13", "24", "23", "9"};
        String[] minutes = {"03", "59", "60", "3", "00"};
        String[] seconds = {"00", "07", "59", "60", "99", "5", "123"};
        String[] fractions = {"", ".250", ".", ".0", ".123456789", ".1234567890", ".5.5", ",5"};
        String[] ampm = {" AM", " PM", " am", " pM", "AM", "  AM", " XM", " AM ", "", " A"};
        String[] zones = {"Z", "z", "", "+01:00", "-05:30", "+01:00:30", "+0100", " Z", "ZZ"};
        String[] separators = {"T", " ", "t", "X"};
        List<String> samples = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            String time = pick(random, hours) + ":" + pick(random, minutes) + ":" + pick(random, seconds)
                    + pick(random, fractions);
            samples.add(random.nextBoolean()
                    ? pick(random, days) + ", " + time + pick(random, ampm)
                    : pick(random, isoDays) + pick(random, separators) + time + pick(random, zones));
        }
        // Runs of one minute with other seconds, as exports have them, and jumps between minutes.
        int good = 0;
        for (int i = 0; i < samples.size(); i++) {
            String s = samples.get(random.nextInt(samples.size()));
            for (String t : List.of(s, s.replaceFirst(":(\\d\\d)(?=[^:]*$)", ":42"), samples.get(i))) {
                Instant expected = ExportDates.parse(t).orElse(null);
                assertThat(parser.parse(t)).as(t).isEqualTo(expected);
                // A view of a read buffer, as the CSV reader passes it.
                assertThat(viewParser.parse(new StringBuilder(" ").append(t).append('\t'))).as(t).isEqualTo(expected);
                good += expected == null ? 0 : 1;
            }
        }
        assertThat(good).as("valid dates among the samples").isGreaterThan(1000);
    }

    /** Mostly one of the first two (valid) values, so that most samples are good dates with something odd. */
    private static String pick(Random random, String[] values) {
        return values[random.nextInt(10) < 8 ? random.nextInt(2) : random.nextInt(values.length)];
    }
}
