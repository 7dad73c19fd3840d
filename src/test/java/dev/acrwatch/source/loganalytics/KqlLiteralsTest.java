package dev.acrwatch.source.loganalytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class KqlLiteralsTest {

    @Test
    void datetimeHasSevenFractionalDigitsInUtc() {
        assertThat(KqlLiterals.datetime(Instant.parse("2026-11-23T21:00:00Z")))
                .isEqualTo("datetime(2026-11-23T21:00:00.0000000Z)");
        assertThat(KqlLiterals.datetime(Instant.parse("2026-11-23T21:00:00.1234567Z")))
                .isEqualTo("datetime(2026-11-23T21:00:00.1234567Z)");
    }

    @Test
    void datetimeFinerThanATickIsRefusedRatherThanTruncated() {
        assertThatThrownBy(() -> KqlLiterals.datetime(Instant.parse("2026-11-23T21:00:00.123456789Z")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("100 ns");
    }

    @Test
    void datetimeOutsideKustoYearsIsRefused() {
        assertThatThrownBy(() -> KqlLiterals.datetime(Instant.parse("+10000-01-01T00:00:00Z")))
                .hasMessageContaining("year");
    }

    @Test
    void plainStringIsQuoted() {
        assertThat(KqlLiterals.string("myreg.azurecr.io")).isEqualTo("\"myreg.azurecr.io\"");
        assertThat(KqlLiterals.string("")).isEqualTo("\"\"");
    }

    @Test
    void quotesAndBackslashesAreEscapedSoTheLiteralCannotEnd() {
        assertThat(KqlLiterals.string("a\" | take 1 //")).isEqualTo("\"a\\\" | take 1 //\"");
        assertThat(KqlLiterals.string("ends with \\")).isEqualTo("\"ends with \\\\\"");
        assertThat(KqlLiterals.string("\\\" | take 1")).isEqualTo("\"\\\\\\\" | take 1\"");
        assertThat(KqlLiterals.string("it's")).isEqualTo("\"it's\"");
    }

    @Test
    void newlinesAndTabsAreEscapedSoTheQueryStaysOnOneLine() {
        assertThat(KqlLiterals.string("a\nb\rc\td")).isEqualTo("\"a\\nb\\rc\\td\"");
    }

    @Test
    void controlAndBidiCharactersWithoutAKqlEscapeAreRejected() {
        assertThatThrownBy(() -> KqlLiterals.string("nul\u0000"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("U+0000 at index 3");
        assertThatThrownBy(() -> KqlLiterals.string("\u001b[31m")).hasMessageContaining("U+001B");
        assertThatThrownBy(() -> KqlLiterals.string("abc\u202edcba")).hasMessageContaining("U+202E");
        assertThatThrownBy(() -> KqlLiterals.string("line\u2028sep")).hasMessageContaining("U+2028");
        assertThatThrownBy(() -> KqlLiterals.string("lone \ud800")).hasMessageContaining("U+D800");
    }

    @Test
    void ordinaryUnicodePassesThroughUnchanged() {
        assertThat(KqlLiterals.string("Zürich-注册表-😀")).isEqualTo("\"Zürich-注册表-😀\"");
    }

    @Test
    void stringListJoinsEscapedLiterals() {
        assertThat(KqlLiterals.stringList(List.of("a.io", "b\"c")))
                .isEqualTo("\"a.io\", \"b\\\"c\"");
        assertThatThrownBy(() -> KqlLiterals.stringList(List.of())).hasMessageContaining("at least one");
    }

    @Test
    void loginServerMustBeADnsNameAndIsLowerCased() {
        assertThat(KqlLiterals.loginServer("MyReg.AzureCR.io")).isEqualTo("myreg.azurecr.io");
        assertThat(KqlLiterals.loginServer("my-reg-01.privatelink.azurecr.cn")).isEqualTo("my-reg-01.privatelink.azurecr.cn");
    }

    @Test
    void hostileLoginServersAreRejectedWithTheValueInTheMessage() {
        for (String bad : List.of("reg.azurecr.io\" | take 1 //", "reg.azurecr.io\nContainerRegistryLoginEvents",
                "reg", "-reg.azurecr.io", "reg..azurecr.io", "reg.azurecr.io ", "", "rég.azurecr.io",
                "reg.azurecr.io\\", "a".repeat(64) + ".io")) {
            assertThatThrownBy(() -> KqlLiterals.loginServer(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("expected a login server like myregistry.azurecr.io, found \"");
        }
        assertThatThrownBy(() -> KqlLiterals.loginServer("x\" or 1==1"))
                .hasMessage("expected a login server like myregistry.azurecr.io, found \"x\\\" or 1==1\"");
    }

    @Test
    void messageQuotingShowsControlCharactersAndCutsLongValues() {
        assertThat(KqlLiterals.quoteForMessage("a\nb")).isEqualTo("\"a\\u000ab\"");
        assertThat(KqlLiterals.quoteForMessage("x".repeat(100))).isEqualTo("\"" + "x".repeat(80) + "…\"");
    }

    @Test
    void ipv4RangesPassOnlyInTheirNormalShape() {
        for (String good : List.of("10.240.1.0/24", "0.0.0.0/0", "255.255.255.255/32", "192.168.0.0/16")) {
            assertThat(KqlLiterals.ipv4Cidr(good)).isEqualTo(good);
        }
        for (String bad : List.of("10.0.0.0/33", "10.0.0.0", "10.0.0/24", "256.0.0.0/8", "10.0.0.0/24\") or true //",
                "fd00::/8", " 10.0.0.0/8", "10.0.0.0/8\n")) {
            assertThatThrownBy(() -> KqlLiterals.ipv4Cidr(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("expected an IPv4 range like 10.240.1.0/24, found \"");
        }
    }
}
