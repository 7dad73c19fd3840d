package dev.acrwatch.cli;

import dev.acrwatch.config.AcrWatchConfig;
import dev.acrwatch.config.AlertingConfig;
import dev.acrwatch.config.ConfigException;
import dev.acrwatch.config.ConfigLoader;
import dev.acrwatch.config.Durations;
import dev.acrwatch.config.MetricsConfig;
import dev.acrwatch.config.PollConfig;
import dev.acrwatch.config.WorkspaceConfig;
import dev.acrwatch.probe.ProbeConfig;
import dev.acrwatch.probe.ProbeTarget;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Validates a config file and prints a one-line summary, or every problem found. */
@Command(
        name = "check-config",
        mixinStandardHelpOptions = true,
        description = "Validates a config file: prints a summary and exits 0, or prints every problem and exits 1.")
public final class CheckConfigCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The YAML config file.")
    Path config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, String> env;

    public CheckConfigCommand() {
        this(System.getenv());
    }

    /** For tests: the variables {@code ${NAME}} is expanded from. */
    CheckConfigCommand(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public Integer call() {
        try {
            AcrWatchConfig loaded = ConfigLoader.load(config, env);
            spec.commandLine().getOut().println("config OK: " + summary(loaded));
            spec.commandLine().getOut().flush();
            return 0;
        } catch (ConfigException e) {
            spec.commandLine().getErr().println(e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
    }

    static String summary(AcrWatchConfig c) {
        String workspaces = c.workspaces().stream()
                .map(CheckConfigCommand::describe)
                .collect(Collectors.joining(", "));
        MetricsConfig m = c.metrics();
        return plural(c.workspaces().size(), "workspace") + " (" + workspaces + "), " + poll(c.poll())
                + ", metrics on " + (m.tls().isPresent() ? "https://" : "")
                + hostPort(m.address(), m.port()) + m.path()
                + (m.basicAuth().isPresent() ? " (basic auth)" : "") + alerting(c.alerting()) + probes(c.probes());
    }

    private static String alerting(AlertingConfig a) {
        if (a.equals(AlertingConfig.none())) {
            return "";
        }
        String receivers = a.receivers().isEmpty() ? "no receivers (alerts go nowhere)"
                : plural(a.receivers().size(), "receiver") + " (" + a.receivers().stream()
                        .map(r -> r.name() + ": " + r.getClass().getSimpleName().replace("Receiver", "").toLowerCase(Locale.ROOT))
                        .collect(Collectors.joining(", ")) + ")";
        return ", alerting: " + plural(a.rules().size(), "rule") + " to " + receivers
                + (a.silences().isEmpty() ? "" : ", " + plural(a.silences().size(), "silence"));
    }

    private static String describe(WorkspaceConfig ws) {
        String registries = ws.registries().isEmpty() ? "all registries" : plural(ws.registries().size(), "registry");
        return ws.name() + ": " + registries
                + (ws.expectedCallers().isEmpty() ? "" : " with " + plural(ws.expectedCallers().size(), "expected caller"));
    }

    private static String probes(Optional<ProbeConfig> probes) {
        return probes.map(p -> ", probes every " + Durations.format(p.interval()) + " for "
                + plural(p.targets().size(), "registry")
                + (p.targets().stream().anyMatch(ProbeTarget::expectPrivateEndpoint)
                        ? " (" + p.targets().stream().filter(ProbeTarget::expectPrivateEndpoint).count()
                                + " expecting a private endpoint)" : ""))
                .orElse("");
    }

    private static String poll(PollConfig p) {
        return p.cron().map(cron -> "poll on cron \"" + cron + "\"")
                .orElse("poll every " + Durations.format(p.interval()));
    }

    private static String hostPort(String address, int port) {
        return (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
    }

    private static String plural(int n, String noun) {
        if (n == 1) {
            return "1 " + noun;
        }
        return n + " " + (noun.endsWith("y") ? noun.substring(0, noun.length() - 1) + "ies" : noun + "s");
    }
}
