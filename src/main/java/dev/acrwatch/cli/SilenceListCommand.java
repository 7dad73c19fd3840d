package dev.acrwatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code acr-watch silence list}: prints the silences as a table. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List silences.")
final class SilenceListCommand implements Callable<Integer> {

    private static final String[] HEADER = {"ID", "STATE", "ENDS AT", "CREATED BY", "MATCHERS", "COMMENT"};

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @ParentCommand
    SilenceCommand parent;

    @Mixin
    ApiOptions api = new ApiOptions();

    /** What to list. */
    enum State { active, expired, all }

    @Option(names = "--state", paramLabel = "STATE", defaultValue = "active",
            description = "active (includes pending), expired or all (default: ${DEFAULT-VALUE}).")
    State state;

    @Override
    public Integer call() {
        return SilenceCommand.run(spec, () -> {
            JsonNode list = new SilenceClient(api, parent.env).call("GET", "?state=" + state.name(), null, false);
            PrintWriter out = spec.commandLine().getOut();
            if (!list.isArray() || list.isEmpty()) {
                out.println("no " + (state == State.all ? "" : state.name() + " ") + "silences");
                return;
            }
            List<String[]> rows = new ArrayList<>();
            rows.add(HEADER);
            for (JsonNode s : list) {
                rows.add(new String[] {
                    Terminal.safe(s.path("id").asText(), 40), Terminal.safe(s.path("state").asText(), 10),
                    Terminal.safe(s.path("endsAt").asText(), 30), Terminal.safe(s.path("createdBy").asText(), 24),
                    matchers(s), Terminal.safe(s.path("comment").asText(), 60)});
            }
            print(out, rows);
        });
    }

    /** The matchers of a silence as one line, e.g. {@code registry="x", class=~"a|b"}. */
    static String matchers(JsonNode silence) {
        List<String> m = new ArrayList<>();
        silence.path("matchers").forEach(n -> m.add(n.asText()));
        return Terminal.safe(String.join(", ", m), 200);
    }

    private static void print(PrintWriter out, List<String[]> rows) {
        int[] width = new int[HEADER.length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                b.append(i == r.length - 1 ? r[i] : String.format("%-" + width[i] + "s  ", r[i]));
            }
            out.println(b.toString().stripTrailing());
        }
    }
}
