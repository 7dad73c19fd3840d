package dev.acrwatch.notify.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acrwatch.alert.AlertStatus;
import dev.acrwatch.alert.Notification;
import dev.acrwatch.notify.DeliveryResult;
import dev.acrwatch.notify.FailureReason;
import dev.acrwatch.notify.Fixtures;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeepAliveNotifierTest {

    private final List<Notification> sent = new ArrayList<>();
    private boolean down;
    private final KeepAliveNotifier notifier = new KeepAliveNotifier(n -> {
        sent.add(n);
        return down ? DeliveryResult.failed(FailureReason.NETWORK, true, "refused")
                : DeliveryResult.delivered("ok");
    }, "am", Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC));

    @Test
    void aDeliveredFiringAlertIsResentUntilItsResolveIsDelivered() {
        notifier.send(Fixtures.notification(Fixtures.unauthorized(AlertStatus.FIRING, "sp-ci")));
        assertThat(notifier.resend()).hasValueSatisfying(r -> assertThat(r.delivered()).isTrue());
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).alerts()).singleElement()
                .satisfies(a -> assertThat(a.status()).isEqualTo(AlertStatus.FIRING));

        notifier.send(Fixtures.notification(Fixtures.unauthorized(AlertStatus.RESOLVED, "sp-ci")));
        assertThat(notifier.resend()).isEmpty();
        assertThat(sent).hasSize(3);
    }

    @Test
    void anAlertWhoseFirstSendFailedIsNotKeptAliveTheOutboxRetriesIt() {
        down = true;
        notifier.send(Fixtures.notification(Fixtures.unauthorized(AlertStatus.FIRING, "sp-ci")));
        assertThat(notifier.firingCount()).isZero();
        assertThat(notifier.resend()).isEmpty();
    }
}
