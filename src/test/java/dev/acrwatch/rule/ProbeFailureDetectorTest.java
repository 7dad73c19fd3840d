package dev.acrwatch.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeFailureDetectorTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final String REG = "contosoprod.azurecr.io";

    private final ProbeFailureDetector detector = new ProbeFailureDetector(Duration.ofMinutes(2), List.of("oncall"));
    private final AlertStateMachine machine = new AlertStateMachine(Duration.ofHours(4));

    @Test
    void aProbeFailingLongerThanFailForFiresNetworkDropAndItsSuccessResolvesIt() {
        detector.record(new ProbeFailureDetector.Observation(REG, true, "", T0));
        detector.record(new ProbeFailureDetector.Observation(REG, false, "tcp_refused", T0.plusSeconds(60)));
        assertThat(detector.observe(machine, T0.plusSeconds(120))).isEmpty();

        detector.record(new ProbeFailureDetector.Observation(REG, false, "tcp_refused", T0.plusSeconds(180)));
        List<AlertIntent> fired = detector.observe(machine, T0.plusSeconds(180));
        assertThat(fired).singleElement().satisfies(i -> {
            assertThat(i.kind()).isEqualTo(IntentKind.FIRING);
            assertThat(i.classLabel()).isEqualTo("network_drop");
            assertThat(i.result().groupLabels()).containsEntry("registry", REG);
        });
        assertThat(detector.reason(REG)).hasValue("tcp_refused");

        detector.record(new ProbeFailureDetector.Observation(REG, true, "", T0.plusSeconds(240)));
        assertThat(detector.observe(machine, T0.plusSeconds(240))).singleElement()
                .satisfies(i -> assertThat(i.kind()).isEqualTo(IntentKind.RESOLVED));
        assertThat(detector.reason(REG)).isEmpty();
    }

    @Test
    void aSingleFailedProbeBetweenSuccessesNeverFires() {
        for (int m = 0; m < 10; m++) {
            boolean ok = m != 4;
            detector.record(new ProbeFailureDetector.Observation(REG, ok, ok ? "" : "tls_error", T0.plusSeconds(60L * m)));
            assertThat(detector.observe(machine, T0.plusSeconds(60L * m))).isEmpty();
        }
    }

    @Test
    void failForMustBePositive() {
        assertThatThrownBy(() -> new ProbeFailureDetector(Duration.ZERO, List.of()))
                .hasMessageContaining("probes.fail_for");
    }
}
