package dev.acrwatch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.acrwatch.config.AcrWatchConfig;
import dev.acrwatch.config.ConfigException;
import dev.acrwatch.config.ConfigLoader;
import dev.acrwatch.event.EventCount;
import dev.acrwatch.poll.Backtest;
import dev.acrwatch.poll.BacktestResult;
import dev.acrwatch.source.export.ExportReader;
import dev.acrwatch.source.export.InputFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Replays exported logs through the configured rules and prints the alerts that would have been sent. */
@Command(
        name = "backtest",
        mixinStandardHelpOptions = true,
        description = "Replays exported Log Analytics rows (portal CSV/JSON, az JSON) through the configured rules "
                + "on simulated time and prints the notifications that would have been sent. Nothing is sent.")
public final class BacktestCommand implements Callable<Integer> {

    /** Problems printed one by one before only counting them, so a broken file cannot flood the terminal. */
    static final int MAX_PRINTED_PROBLEMS = 50;
    private static final long PROGRESS_EVERY = 1_000_000;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The YAML config file.")
    Path config;

    @Option(names = "--events", required = true, arity = "1..*", paramLabel = "FILE",
            description = "Exported log files, in any order.")
    List<Path> events;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json", description = "Output format.")
    String format;

    @Option(names = "--input-format", paramLabel = "csv|portal-json|az-json",
            description = "Overrides format detection for every input file.")
    String inputFormat;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, String> env;

    public BacktestCommand() {
        this(System.getenv());
    }

    /** For tests: the variables {@code ${NAME}} is expanded from. */
    BacktestCommand(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!format.equals("text") && !format.equals("json")) {
            err.println("--format: expected text or json, found \"" + Terminal.safe(format, 40) + "\"");
            err.flush();
            return ExitCodes.USAGE;
        }
        Optional<InputFormat> forced;
        try {
            forced = Optional.ofNullable(inputFormat).map(InputFormat::parse);
        } catch (IllegalArgumentException e) {
            err.println(Terminal.safe(e.getMessage(), 200));
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
        // Exports do not say which workspace they came from; alerts carry the first configured one.
        Backtest backtest = cfg.workspaces().isEmpty() ? new Backtest(cfg.alerting(), "export")
                : Backtest.of(cfg.alerting(), cfg.workspaces().get(0));
        long[] skipped = {0};
        List<String> problems = new ArrayList<>();
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
                return ExitCodes.RUNTIME_FAILURE;
            }
        }
        if (skipped[0] > MAX_PRINTED_PROBLEMS) {
            err.println((skipped[0] - MAX_PRINTED_PROBLEMS) + " more skipped rows not shown");
        }
        err.flush();
        BacktestResult result = backtest.run();
        if (format.equals("json")) {
            out.println(json(result, skipped[0], problems));
        } else {
            BacktestText.print(out, result, skipped[0]);
        }
        out.flush();
        return ExitCodes.OK;
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

    static String json(BacktestResult r, long skipped, List<String> problems) {
        Map<String, Object> root = new LinkedHashMap<>();
        List<Map<String, Object>> timeline = new ArrayList<>();
        for (BacktestResult.Entry e : r.timeline()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", e.at().toString());
            m.put("rule", e.rule());
            m.put("labels", e.labels());
            m.put("status", e.status().label());
            m.put("value", e.value());
            m.put("threshold", e.threshold());
            m.put("receivers", e.receivers());
            timeline.add(m);
        }
        root.put("timeline", timeline);
        List<Map<String, Object>> summary = new ArrayList<>();
        for (BacktestResult.SummaryRow s : r.summary()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("registry", s.registry());
            m.put("class", s.failureClass());
            m.put("events", s.events());
            m.put("alerts_fired", s.alertsFired());
            summary.add(m);
        }
        root.put("summary", summary);
        root.put("end_of_data", r.endOfData().map(Object::toString).orElse(null));
        List<Map<String, Object>> open = new ArrayList<>();
        for (BacktestResult.Open o : r.stillOpen()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rule", o.rule());
            m.put("labels", o.labels());
            m.put("state", o.firing() ? "firing" : "pending");
            m.put("since", o.since().toString());
            m.put("value", o.value().orElse(null));
            m.put("threshold", o.threshold().orElse(null));
            m.put("notified", o.notified());
            open.add(m);
        }
        root.put("still_open", open);
        root.put("rows", r.rows());
        root.put("events", r.events());
        root.put("skipped", skipped);
        root.put("problems", problems);
        try {
            return new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** A measured value without a trailing ".0" for counts; ratios keep three decimals. */
    static String number(double v) {
        return new DecimalFormat("0.###", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(v);
    }
}
