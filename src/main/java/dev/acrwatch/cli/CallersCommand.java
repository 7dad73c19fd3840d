package dev.acrwatch.cli;

import dev.acrwatch.config.AcrWatchConfig;
import dev.acrwatch.config.ConfigException;
import dev.acrwatch.config.ConfigLoader;
import dev.acrwatch.config.Durations;
import dev.acrwatch.config.ExpectedCaller;
import dev.acrwatch.config.LearnCallersConfig;
import dev.acrwatch.config.WorkspaceConfig;
import dev.acrwatch.poll.LearnCallers;
import dev.acrwatch.rule.CallerSpec;
import dev.acrwatch.source.CallerSightings;
import dev.acrwatch.source.CallerSightings.Sighting;
import dev.acrwatch.source.SourceException;
import dev.acrwatch.source.loganalytics.LogAnalyticsSources;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Lists the expected callers: configured ones, and for learning workspaces the ones that qualify now. */
@Command(name = "callers", mixinStandardHelpOptions = true,
        description = "Print the expected callers per workspace and registry; for workspaces with learn_callers "
                + "enabled, run the learning query now and print the callers that qualify.")
public final class CallersCommand implements Callable<Integer> {

    private static final int MAX_SHOWN = 200; // identities are attacker-controlled: bound what reaches a terminal

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The acr-watch config file.")
    Path config;

    private final Map<String, String> env;
    private final Clock clock;

    public CallersCommand() {
        this(System.getenv(), Clock.systemUTC());
    }

    /** For tests: the environment {@code ${NAME}} expands from, and the clock the learning window ends at. */
    CallersCommand(Map<String, String> env, Clock clock) {
        this.env = Map.copyOf(env);
        this.clock = clock;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AcrWatchConfig cfg;
        try {
            cfg = ConfigLoader.load(config, env);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            err.flush();
            return ExitCodes.CONFIG_INVALID;
        }
        int code = print(cfg, ws -> LogAnalyticsSources.callerSightings(ws, cfg.poll()), out, err);
        out.flush();
        err.flush();
        return code;
    }

    int print(AcrWatchConfig cfg, Function<WorkspaceConfig, CallerSightings> sightings, PrintWriter out,
            PrintWriter err) {
        int code = ExitCodes.OK;
        for (WorkspaceConfig ws : cfg.workspaces()) {
            out.println("workspace " + ws.name() + " (" + ws.id() + ")");
            configured(ws, out);
            LearnCallersConfig learn = ws.learnCallers();
            if (!learn.enabled()) {
                out.println("  learning: off");
                continue;
            }
            out.println("  learning: callers seen in at least " + learn.minHours() + " of the last " + learn.ofHours()
                    + " hours (max_silence " + Durations.format(learn.maxSilence()) + ")");
            try {
                learned(ws, sightings.apply(ws).regularCallers(clock.instant()), out);
            } catch (SourceException e) {
                err.println("workspace " + ws.name() + ": learning query failed (" + e.reason() + "): "
                        + Terminal.safe(e.getMessage(), 500));
                code = ExitCodes.RUNTIME_FAILURE;
            }
        }
        return code;
    }

    private static void configured(WorkspaceConfig ws, PrintWriter out) {
        Set<String> registries = new LinkedHashSet<>(ws.registries());
        ws.expectedCallers().forEach(c -> registries.add(c.registry()));
        if (registries.isEmpty()) {
            out.println("  every registry in the workspace: no expected callers configured");
        }
        for (String registry : registries) {
            out.println("  registry " + registry);
            List<ExpectedCaller> callers = ws.expectedCallers().stream()
                    .filter(c -> c.registry().equals(registry)).toList();
            if (callers.isEmpty()) {
                out.println("    no expected callers configured");
            }
            for (ExpectedCaller c : callers) {
                out.println("    " + c.name() + "  cidrs " + list(c.cidrs()) + "  identities "
                        + list(c.identities().stream().map(i -> Terminal.safe(i, 200)).toList())
                        + "  max_silence " + Durations.format(c.maxSilence()));
            }
        }
    }

    private static void learned(WorkspaceConfig ws, List<Sighting> seen, PrintWriter out) {
        if (seen.isEmpty()) {
            out.println("    no caller qualifies");
            return;
        }
        List<Sighting> shown = seen.size() > MAX_SHOWN ? seen.subList(0, MAX_SHOWN) : seen;
        for (Sighting s : shown) {
            Optional<CallerSpec> spec = LearnCallers.toSpec(s, ws.learnCallers().maxSilence());
            String what = switch (s.kind()) {
                case IDENTITY -> "identity " + Terminal.safe(s.caller(), 200);
                case IP_BLOCK -> "ip block " + Terminal.safe(s.caller(), 50);
            };
            String as = spec.isEmpty() ? "  (not a valid caller, ignored)"
                    : LearnCallers.isConfigured(ws, spec.get()) ? "  (already configured, not learned)"
                    : "  as " + spec.get().name();
            out.println("    " + Terminal.safe(s.registry(), 253) + "  " + what + "  seen in " + s.hours() + " of "
                    + s.ofHours() + " hours, last " + s.lastSeen() + as);
        }
        if (shown.size() < seen.size()) {
            out.println("    … and " + (seen.size() - shown.size()) + " more");
        }
    }

    private static String list(List<String> values) {
        return values.isEmpty() ? "-" : String.join(",", new ArrayList<>(values));
    }
}
