package dev.acrwatch.cli;

import dev.acrwatch.config.AcrWatchConfig;
import dev.acrwatch.config.ConfigException;
import dev.acrwatch.config.ConfigLoader;
import dev.acrwatch.config.WorkspaceConfig;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.source.IngestionInterval;
import dev.acrwatch.source.loganalytics.KqlTemplates;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints the exact KQL each poll job would send, ready to paste into the portal. */
@Command(name = "kql", mixinStandardHelpOptions = true,
        description = "Print, for every workspace and table, the KQL the next poll would send.")
public final class KqlCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The acr-watch config file.")
    Path config;

    @Option(names = "--at", paramLabel = "INSTANT", converter = InstantConverter.class,
            description = "Pretend it is this instant (e.g. 2026-11-23T21:00:00Z); default: now.")
    Instant at;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AcrWatchConfig cfg;
        try {
            cfg = ConfigLoader.load(config, System.getenv());
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 2;
        }
        try {
            out.print(render(cfg, at == null ? Instant.now() : at));
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        out.flush();
        return 0;
    }

    /** The text printed for a poll ending at {@code now − settle} and starting one interval earlier. */
    public static String render(AcrWatchConfig cfg, Instant now) {
        Instant hi = now.minus(cfg.poll().settle());
        IngestionInterval interval = new IngestionInterval(hi.minus(cfg.poll().interval()), hi);
        StringBuilder b = new StringBuilder();
        for (WorkspaceConfig ws : cfg.workspaces()) {
            for (LogTable table : LogTable.values()) {
                KqlTemplates.PollQuery q = KqlTemplates.pollQuery(table, ws, cfg.poll(), interval);
                b.append("// workspace ").append(ws.name()).append(" (").append(ws.id()).append("), table ")
                        .append(table.tableName()).append('\n')
                        .append("// rows ingested in ").append(interval).append("; API timespan ")
                        .append(q.timespanStart()).append('/').append(q.timespanEnd())
                        .append(" (the query also filters TimeGenerated itself)\n")
                        .append(q.text()).append("\n\n");
            }
        }
        return b.toString();
    }

    /** ISO-8601 instants such as 2026-11-23T21:00:00Z. */
    static final class InstantConverter implements CommandLine.ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return Instant.parse(value);
            } catch (java.time.format.DateTimeParseException e) {
                throw new CommandLine.TypeConversionException(
                        "--at: expected an instant like 2026-11-23T21:00:00Z, found \"" + value + "\"");
            }
        }
    }
}
