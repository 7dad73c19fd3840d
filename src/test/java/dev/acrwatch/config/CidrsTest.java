package dev.acrwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "10.240.1.0/24, 10.240.1.0/24",
        "10.240.1.77/24, 10.240.1.0/24",
        "10.240.1.77, 10.240.1.77/32",
        "10.240.1.77/32, 10.240.1.77/32",
        "255.255.255.255/1, 128.0.0.0/1",
        "192.168.7.9/0, 0.0.0.0/0",
        "172.31.255.1/12, 172.16.0.0/12",
        "0.0.0.0/8, 0.0.0.0/8"
    })
    void hostBitsAreClearedAndABareAddressIsASingleHost(String given, String normalised) {
        assertThat(Cidrs.normalise(given)).contains(normalised);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10.0.0.0/33", "10.0.0/24", "10.0.0.256", "010.0.0.0/8", "10.0.0.0/08",
        "10.0.0.0/", "10.0.0.0/-1", " 10.0.0.0/8", "10.0.0.0/8 ", "a.b.c.d/8", "10.0.0.0.0/8", "fd00::/8"})
    void anythingElseIsRefused(String given) {
        assertThat(Cidrs.normalise(given)).isEmpty();
    }
}
