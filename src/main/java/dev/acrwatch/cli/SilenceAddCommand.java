package dev.acrwatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code acr-watch silence add}: mutes matching alerts for a while, saying who and why. */
@Command(name = "add", mixinStandardHelpOptions = true,
        description = "Add a silence. Example: silence add --matcher registry=myreg.azurecr.io"
                + " --matcher 'class=~unauthorized|forbidden' --duration 2h --comment 'rotating the SP secret'")
final class SilenceAddCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @ParentCommand
    SilenceCommand parent;

    @Mixin
    ApiOptions api = new ApiOptions();

    @Option(names = "--matcher", required = true, paramLabel = "M",
            description = "label=value, label!=value, label=~regex or label!~regex; repeat for more (all must match).")
    List<String> matchers;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Until until;

    /** Exactly one of the two. */
    static final class Until {
        @Option(names = "--duration", required = true, paramLabel = "D", description = "How long, e.g. 2h or 30m.")
        String duration;

        @Option(names = "--ends-at", required = true, paramLabel = "T", converter = EndsAtConverter.class,
                description = "When it ends, e.g. 2026-11-23T23:00:00Z.")
        Instant endsAt;
    }

    @Option(names = "--comment", required = true, paramLabel = "TEXT", description = "Why the alerts are silenced.")
    String comment;

    @Option(names = "--by", paramLabel = "NAME", description = "Who silences (default: $USER).")
    String by;

    @Override
    public Integer call() {
        return SilenceCommand.run(spec, () -> {
            String who = parent.who(by);
            ObjectNode body = SilenceClient.JSON.createObjectNode();
            matchers.forEach(body.putArray("matchers")::add);
            if (until.duration != null) {
                body.put("duration", until.duration);
            } else {
                body.put("endsAt", until.endsAt.toString());
            }
            body.put("createdBy", who);
            body.put("comment", comment);
            JsonNode s = new SilenceClient(api, parent.env).call("POST", "", body, true);
            spec.commandLine().getOut().println("silence " + Terminal.safe(s.path("id").asText(), 100) + " created: "
                    + SilenceListCommand.matchers(s) + " until " + Terminal.safe(s.path("endsAt").asText(), 40));
        });
    }

    /** ISO-8601 instants such as 2026-11-23T23:00:00Z. */
    static final class EndsAtConverter implements CommandLine.ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return Instant.parse(value);
            } catch (java.time.format.DateTimeParseException e) {
                throw new CommandLine.TypeConversionException(
                        "expected an instant like 2026-11-23T23:00:00Z, found \"" + value + "\"");
            }
        }
    }
}
