package dev.acrwatch.cli;

import dev.acrwatch.config.AcrWatchConfig;
import dev.acrwatch.config.AlertingConfig;
import dev.acrwatch.config.ConfigException;
import dev.acrwatch.config.ConfigLoader;
import dev.acrwatch.config.WorkspaceConfig;
import dev.acrwatch.event.EventCount;
import dev.acrwatch.notify.Notifier;
import dev.acrwatch.notify.NotifierDeps;
import dev.acrwatch.notify.Notifiers;
import dev.acrwatch.notify.ReceiverConfig;
import dev.acrwatch.poll.Backtest;
import dev.acrwatch.poll.BacktestInterval;
import dev.acrwatch.poll.BacktestResult;
import dev.acrwatch.poll.BacktestSender;
import dev.acrwatch.source.EventSource;
import dev.acrwatch.source.RetryingEventSource;
import dev.acrwatch.source.SourceException;
import dev.acrwatch.source.export.ExportReader;
import dev.acrwatch.source.export.InputFormat;
import dev.acrwatch.source.loganalytics.BacktestSources;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Replays exported logs, or a past interval of a workspace, through the configured rules. */
@Command(
        name = "backtest",
        mixinStandardHelpOptions = true,
        description = "Replays exported Log Analytics rows (portal CSV/JSON, az JSON), or a past interval read from a "
                + "configured workspace, through the configured rules on simulated time and prints the notifications "
                + "that would have been sent. Nothing is sent unless --send is given.")
public final class BacktestCommand implements Callable<Integer> {

    /** Problems printed one by one before only counting them, so a broken file cannot flood the terminal. */
    static final int MAX_PRINTED_PROBLEMS = 50;
    private static final long PROGRESS_EVERY = 1_000_000;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The YAML config file.")
    Path config;

    @Option(names = "--events", arity = "1..*", paramLabel = "FILE",
            description = "Exported log files, in any order. Not with --workspace.")
    List<Path> events;

    @Option(names = "--workspace", paramLabel = "NAME",
            description = "Read [--from, --to) from this configured workspace instead of files.")
    String workspace;

    @Option(names = "--from", paramLabel = "TIME", description = "Start of the interval (TimeGenerated, inclusive), "
            + "like 2026-11-23T00:00:00Z.")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "End of the interval (exclusive).")
    String to;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json", description = "Output format.")
    String format;

    @Option(names = "--input-format", paramLabel = "csv|portal-json|az-json",
            description = "Overrides format detection for every input file.")
    String inputFormat;

    @Option(names = "--send", description = "Deliver the notifications to the configured receivers (off by default).")
    boolean send;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, String> env;
    private final Clock clock;
    private final BacktestSender.Sleeper sleeper;
    private final BiFunction<WorkspaceConfig, AcrWatchConfig, EventSource> sources;

    public BacktestCommand() {
        this(System.getenv(), Clock.systemUTC(), BacktestSender.Sleeper.REAL,
                (ws, cfg) -> BacktestSources.create(ws, cfg.poll()));
    }

    /** For tests: the variables {@code ${NAME}} is expanded from. */
    BacktestCommand(Map<String, String> env) {
        this(env, Clock.systemUTC(), BacktestSender.Sleeper.REAL, (ws, cfg) -> BacktestSources.create(ws, cfg.poll()));
    }

    /** For tests: the clock and sleeper of retries, and how a workspace's source is built. */
    BacktestCommand(Map<String, String> env, Clock clock, BacktestSender.Sleeper sleeper,
            BiFunction<WorkspaceConfig, AcrWatchConfig, EventSource> sources) {
        this.env = Map.copyOf(env);
        this.clock = clock;
        this.sleeper = sleeper;
        this.sources = sources;
    }

    /** For tests: a workspace source with this command's sleeper between retries. */
    static BiFunction<WorkspaceConfig, AcrWatchConfig, EventSource> liveSources(RetryingEventSource.Sleeper sleeper) {
        return (ws, cfg) -> BacktestSources.create(ws, cfg.poll(), sleeper);
    }

    /** A usage error: printed, exit 2. */
    private static final class Usage extends Exception {
        Usage(String message) {
            super(message);
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<InputFormat> forced;
        Optional<Instant[]> interval;
        try {
            checkOptions();
            forced = Optional.ofNullable(inputFormat).map(InputFormat::parse);
            interval = workspace == null ? Optional.empty()
                    : Optional.of(new Instant[] {time("--from", from), time("--to", to)});
            if (interval.isPresent() && !interval.get()[0].isBefore(interval.get()[1])) {
                throw new Usage("--from " + interval.get()[0] + " must be before --to " + interval.get()[1]);
            }
        } catch (Usage | IllegalArgumentException e) {
            err.println(Terminal.safe(e.getMessage(), 300));
            err.flush();
            return ExitCodes.USAGE;
        }
        AcrWatchConfig cfg;
        try {
            cfg = ConfigLoader.load(config, env);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            err.flush();
            return ExitCodes.CONFIG_INVALID;
        }
        long[] skipped = {0};
        List<String> problems = new ArrayList<>();
        Backtest backtest;
        if (interval.isPresent()) {
            Optional<WorkspaceConfig> ws = cfg.workspaces().stream().filter(w -> w.name().equals(workspace)).findFirst();
            if (ws.isEmpty()) {
                String names = cfg.workspaces().stream().map(w -> "\"" + w.name() + "\"")
                        .collect(Collectors.joining(", "));
                err.println("--workspace: no workspace \"" + Terminal.safe(workspace, 100) + "\" in " + config + "; "
                        + (names.isEmpty() ? "no workspaces are configured" : "configured: " + names));
                err.flush();
                return ExitCodes.USAGE;
            }
            backtest = Backtest.of(cfg.alerting(), ws.get());
            // The interval is read whole, so its quiet last minutes are data too.
            backtest.coverUntil(interval.get()[1]);
            if (!readWorkspace(cfg, ws.get(), interval.get()[0], interval.get()[1], backtest, err)) {
                return ExitCodes.RUNTIME_FAILURE;
            }
        } else {
            // Exports do not say which workspace they came from; alerts carry the first configured one.
            backtest = cfg.workspaces().isEmpty() ? new Backtest(cfg.alerting(), "export")
                    : Backtest.of(cfg.alerting(), cfg.workspaces().get(0));
            if (!readFiles(forced, backtest, skipped, problems, err)) {
                return ExitCodes.RUNTIME_FAILURE;
            }
        }
        BacktestResult result = backtest.run();
        Optional<List<BacktestSender.Delivery>> delivery = send ? Optional.of(deliver(cfg.alerting(), result, err))
                : Optional.empty();
        if (format.equals("json")) {
            out.println(BacktestJson.render(result, skipped[0], problems, delivery));
        } else {
            BacktestText.print(out, result, skipped[0], delivery);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private void checkOptions() throws Usage {
        if (!format.equals("text") && !format.equals("json")) {
            throw new Usage("--format: expected text or json, found \"" + Terminal.safe(format, 40) + "\"");
        }
        boolean files = events != null && !events.isEmpty();
        if (files && workspace != null) {
            throw new Usage("--events and --workspace are mutually exclusive: replay files or a workspace interval");
        }
        if (!files && workspace == null) {
            throw new Usage("give --events FILE... or --workspace NAME --from TIME --to TIME");
        }
        if (workspace == null && (from != null || to != null)) {
            throw new Usage((from != null ? "--from" : "--to") + " needs --workspace (files are replayed whole)");
        }
        if (workspace != null && (from == null || to == null)) {
            throw new Usage("--workspace needs --from and --to, like --from 2026-11-23T00:00:00Z --to "
                    + "2026-11-24T00:00:00Z");
        }
        if (workspace != null && inputFormat != null) {
            throw new Usage("--input-format applies to --events files only");
        }
    }

    private static Instant time(String option, String text) throws Usage {
        try {
            return OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw new Usage(option + ": expected a time like 2026-11-23T10:00:00Z, found \"" + Terminal.safe(text, 60)
                    + "\"");
        }
    }

    private boolean readFiles(Optional<InputFormat> forced, Backtest backtest, long[] skipped, List<String> problems,
            PrintWriter err) {
        for (Path file : events) {
            ExportReader.Sink sink = new ExportReader.Sink() {
                private long read;

                @Override
                public void row(EventCount row) {
                    backtest.accept(row);
                    if (++read % PROGRESS_EVERY == 0) {
                        err.println(file.getFileName() + ": " + read + " rows read");
                        err.flush();
                    }
                }

                @Override
                public void problem(String message) {
                    skipped[0]++;
                    if (problems.size() < MAX_PRINTED_PROBLEMS) {
                        problems.add(message);
                        err.println(Terminal.safe(message, 300));
                    }
                }
            };
            try {
                ExportReader.read(file, forced, sink);
            } catch (IOException e) {
                err.println(Terminal.safe(readFailure(file, e), 300));
                err.flush();
                return false;
            }
        }
        if (skipped[0] > MAX_PRINTED_PROBLEMS) {
            err.println((skipped[0] - MAX_PRINTED_PROBLEMS) + " more skipped rows not shown");
        }
        err.flush();
        return true;
    }

    private boolean readWorkspace(AcrWatchConfig cfg, WorkspaceConfig ws, Instant lo, Instant hi, Backtest backtest,
            PrintWriter err) {
        try {
            EventSource source = sources.apply(ws, cfg);
            BacktestInterval.read(source, lo, hi, BacktestInterval.CHUNK, backtest::accept,
                    (done, total, chunk, rows, queries) -> {
                        err.println(String.format(Locale.ROOT, "workspace %s: [%s] %d/%d hours read, %d rows, %d queries",
                                ws.name(), bar(done, total), done, total, rows, queries));
                        err.flush();
                    });
            return true;
        } catch (SourceException e) {
            err.println("workspace " + ws.name() + ": cannot be read (" + e.reason().label() + "): "
                    + Terminal.safe(e.getMessage(), 400));
        } catch (RuntimeException e) {
            // Building the client or credential: the message names the setting, never a secret.
            err.println("workspace " + ws.name() + ": cannot be read: " + Terminal.safe(String.valueOf(e.getMessage()), 300));
        }
        err.flush();
        return false;
    }

    private static String bar(int done, int total) {
        int width = 20;
        int filled = total == 0 ? width : (int) ((long) done * width / total);
        return "#".repeat(filled) + ".".repeat(width - filled);
    }

    private List<BacktestSender.Delivery> deliver(AlertingConfig alerting, BacktestResult result, PrintWriter err) {
        NotifierDeps deps = new NotifierDeps(clock, alerting.grafana(), Optional.empty(), alerting.evaluationInterval());
        Map<String, Notifier> notifiers = new LinkedHashMap<>();
        for (ReceiverConfig r : alerting.receivers()) {
            notifiers.put(r.name(), Notifiers.create(r, deps));
        }
        Map<String, Boolean> sendResolved = new LinkedHashMap<>();
        alerting.routes().forEach(r -> sendResolved.put(r.receiver(), r.sendResolved()));
        BacktestSender sender = new BacktestSender(notifiers, name -> sendResolved.getOrDefault(name, true),
                BacktestSender.RETRY, clock, sleeper);
        Map<String, Integer> plan = sender.plan(result.notifications());
        int total = plan.values().stream().mapToInt(Integer::intValue).sum();
        err.println("--send: " + total + " notifications" + (plan.isEmpty() ? "" : ": " + plan.entrySet().stream()
                .map(e -> e.getValue() + " to " + e.getKey()).collect(Collectors.joining(", "))));
        err.flush();
        return sender.send(result.notifications());
    }

    private static String readFailure(Path file, IOException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof java.nio.file.NoSuchFileException) {
            m = "no such file";
        } else if (e instanceof java.nio.file.AccessDeniedException) {
            m = "permission denied";
        }
        return m.startsWith(file.getFileName().toString()) ? m : file + ": cannot be read: " + m;
    }

    /** A measured value without a trailing ".0" for counts; ratios keep three decimals. */
    static String number(double v) {
        return new DecimalFormat("0.###", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(v);
    }
}
