package dev.acrwatch.rule;

import static dev.acrwatch.rule.CallerRows.REG;
import static dev.acrwatch.rule.CallerRows.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CallerMatcherTest {

    private static CallerMatcher matcher(List<String> cidrs, List<String> identities) {
        return new CallerMatcher(new CallerSpec(REG, "c", cidrs, identities, Duration.ofMinutes(10)));
    }

    private static boolean fromIp(CallerMatcher m, String ip) {
        return m.matches(row(0, REG, "200", "", ip).row());
    }

    @Test
    void rangeIncludesBothEdgeAddressesAndNothingBeyond() {
        CallerMatcher m = matcher(List.of("10.240.0.0/16"), List.of());
        assertThat(fromIp(m, "10.240.0.0")).isTrue();
        assertThat(fromIp(m, "10.240.255.255")).isTrue();
        assertThat(fromIp(m, "10.239.255.255")).isFalse();
        assertThat(fromIp(m, "10.241.0.0")).isFalse();
    }

    @Test
    void slash32MatchesOneAddressAndSlash0EveryValidAddress() {
        CallerMatcher one = matcher(List.of("192.168.7.9/32"), List.of());
        assertThat(fromIp(one, "192.168.7.9")).isTrue();
        assertThat(fromIp(one, "192.168.7.8")).isFalse();
        assertThat(fromIp(one, "192.168.7.10")).isFalse();

        CallerMatcher any = matcher(List.of("0.0.0.0/0"), List.of());
        assertThat(fromIp(any, "0.0.0.0")).isTrue();
        assertThat(fromIp(any, "255.255.255.255")).isTrue();
        assertThat(fromIp(any, "not-an-ip")).isFalse();
    }

    @Test
    void hostBitsInAConfiguredRangeAreIgnored() {
        assertThat(Ipv4Cidr.parse("10.240.1.7/16").toString()).isEqualTo("10.240.0.0/16");
        assertThat(Ipv4Cidr.parse("10.1.2.3").toString()).isEqualTo("10.1.2.3/32");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10.240.1", "10.240.1.2.3", "10.240.256.1", "10.240.1.2:443", "::ffff:10.240.1.2",
        " 10.240.1.2", "10.240..2", "10.240.1.-2", "10.240.1.0002", "10.240.1.2/8", "ten.240.1.2", "10.240.1.2\n"})
    void garbageIpStringsDoNotMatchAnything(String ip) {
        assertThat(fromIp(matcher(List.of("0.0.0.0/0"), List.of()), ip)).isFalse();
    }

    @Test
    void identityMatchesCaseInsensitivelyButEmptyIdentityNever() {
        CallerMatcher m = matcher(List.of(), List.of("CI-Builder@Contoso.com", ""));
        assertThat(m.matches(row(0, REG, "200", "ci-builder@contoso.COM", "").row())).isTrue();
        assertThat(m.matches(row(0, REG, "200", "ci-builder2@contoso.com", "").row())).isFalse();
        assertThat(m.matches(row(0, REG, "401", "", "").row())).isFalse();
    }

    @Test
    void registryMustMatchCaseInsensitively() {
        CallerMatcher m = matcher(List.of("10.0.0.0/8"), List.of());
        assertThat(m.matches(row(0, "CONTOSO.azurecr.io", "200", "", "10.1.1.1").row())).isTrue();
        assertThat(m.matches(row(0, "fabrikam.azurecr.io", "200", "", "10.1.1.1").row())).isFalse();
    }

    @Test
    void badRangeNamesItsIndexAndValue() {
        assertThatThrownBy(() -> matcher(List.of("10.0.0.0/8", "10.0.0.0/33"), List.of()))
                .isInstanceOf(InvalidRuleException.class)
                .hasMessage("cidrs[1]: expected an IPv4 range like 10.240.0.0/16, found \"10.0.0.0/33\"");
    }
}
