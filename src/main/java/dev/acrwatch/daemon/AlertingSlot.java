package dev.acrwatch.daemon;

import dev.acrwatch.alert.SilenceRegistry;
import dev.acrwatch.config.AcrWatchConfig;
import dev.acrwatch.poll.PollCommitStep;
import dev.acrwatch.probe.ProbeListener;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running alerting runtime, replaceable by a config reload. Polls, the probe runner and the silence API
 * reach alerting only through here, so a reload swaps one reference and no job has to be rebuilt.
 */
final class AlertingSlot {

    private static final Logger log = LoggerFactory.getLogger(AlertingSlot.class);

    private final AtomicReference<AlertingRuntime> current;

    AlertingSlot(AlertingRuntime runtime) {
        this.current = new AtomicReference<>(runtime);
    }

    /** Delegates each commit to whichever runtime is current when the poll commits. */
    PollCommitStep commitStep() {
        return (report, tx) -> current.get().commitStep().write(report, tx);
    }

    ProbeListener probeListener() {
        return r -> current.get().probeListener().onResult(r);
    }

    void evaluateQuietly() {
        current.get().evaluateQuietly();
    }

    /** The silence registry; it carries over reloads, so the API mounted on it stays valid. */
    SilenceRegistry silences() {
        return current.get().silences();
    }

    /**
     * Switches to the alerting part of {@code next}. The new runtime is built first: if that fails, the old one
     * keeps running and the exception rejects the reload.
     */
    synchronized void reload(AcrWatchConfig next) {
        AlertingRuntime old = current.get();
        AlertingRuntime fresh = old.reloaded(next.alerting(), next.workspaces());
        current.set(fresh);
        old.stopForReload();
        log.info("alerting reloaded: {} rules, {} receivers", next.alerting().rules().size(),
                next.alerting().receivers().size());
    }

    void close() {
        current.get().close();
    }

    void halt() {
        current.get().halt();
    }
}
