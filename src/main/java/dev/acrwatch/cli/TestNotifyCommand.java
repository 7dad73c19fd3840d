package dev.acrwatch.cli;

import dev.acrwatch.config.AlertingConfig;
import dev.acrwatch.config.ConfigException;
import dev.acrwatch.config.ConfigLoader;
import dev.acrwatch.notify.DeliveryResult;
import dev.acrwatch.notify.EmailReceiver;
import dev.acrwatch.notify.Notifier;
import dev.acrwatch.notify.NotifierDeps;
import dev.acrwatch.notify.Notifiers;
import dev.acrwatch.notify.ReceiverConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code acr-watch test-notify}: sends one sample FIRING alert straight to a receiver (not via the outbox). */
@Command(name = "test-notify", mixinStandardHelpOptions = true,
        description = "Send one sample FIRING alert (labelled test=true) to a configured receiver and say whether"
                + " it was delivered.")
public final class TestNotifyCommand implements Callable<Integer> {

    static final int FAILED = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The acr-watch config file.")
    Path config;

    @Option(names = "--receiver", required = true, paramLabel = "NAME", description = "The receiver to test.")
    String receiver;

    /** Reads the alerting section of a config file. */
    interface AlertingSource {
        AlertingConfig load(Path file) throws ConfigException;
    }

    private final AlertingSource source;
    private final Clock clock;

    public TestNotifyCommand() {
        this(file -> ConfigLoader.load(file, System.getenv()).alerting(), Clock.systemUTC());
    }

    /** For tests: configs built in code, and a fixed clock. */
    TestNotifyCommand(AlertingSource source, Clock clock) {
        this.source = source;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            AlertingConfig alerting;
            try {
                alerting = source.load(config);
            } catch (ConfigException e) {
                err.println(e.getMessage());
                return FAILED;
            }
            Optional<ReceiverConfig> rc = alerting.receivers().stream()
                    .filter(r -> r.name().equals(receiver)).findFirst();
            if (rc.isEmpty()) {
                String names = alerting.receivers().stream().map(r -> "\"" + r.name() + "\"")
                        .collect(Collectors.joining(", "));
                err.println("--receiver: no receiver \"" + Terminal.safe(receiver, 100) + "\" in " + config + "; "
                        + (names.isEmpty() ? "no receivers are configured" : "configured: " + names));
                return FAILED;
            }
            NotifierDeps deps = new NotifierDeps(clock, alerting.grafana(), Optional.empty(),
                    alerting.evaluationInterval());
            DeliveryResult r;
            try {
                Notifier notifier = Notifiers.create(markedAsTest(rc.get()), deps);
                r = notifier.send(SampleNotification.of(receiver, clock.instant()));
            } catch (RuntimeException e) {
                // Notifiers promise not to throw; if one does, say so instead of a stack trace.
                err.println("failed: receiver \"" + receiver + "\": " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()));
                return FAILED;
            }
            if (r.delivered()) {
                out.println("delivered" + (r.message().isBlank() ? "" : ": " + r.message()));
                return ExitCodes.OK;
            }
            err.println("failed (" + r.reason().map(f -> f.label()).orElse("unknown")
                    + (r.retryable() ? ", retryable" : "") + "): " + r.message());
            return FAILED;
        } finally {
            out.flush();
            err.flush();
        }
    }

    // Email subjects come from the user's template, which does not show the rule name; an inbox
    // must still tell the test apart from a real alert at a glance.
    private static ReceiverConfig markedAsTest(ReceiverConfig rc) {
        if (rc instanceof EmailReceiver e) {
            return new EmailReceiver(e.name(), e.sendResolved(), e.host(), e.port(), e.security(), e.username(),
                    e.password(), e.from(), e.to(), e.cc(), "[TEST] " + e.subjectTemplate(), e.timeouts(),
                    e.mailProperties());
        }
        return rc;
    }
}
