package dev.acrwatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code acr-watch silence expire ID}: ends a silence now, saying who and why. */
@Command(name = "expire", mixinStandardHelpOptions = true, description = "End a silence now.")
final class SilenceExpireCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @ParentCommand
    SilenceCommand parent;

    @Mixin
    ApiOptions api = new ApiOptions();

    @Parameters(index = "0", paramLabel = "ID", description = "The silence id (see silence list).")
    String id;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why the silence ends early.")
    String reason;

    @Option(names = "--by", paramLabel = "NAME", description = "Who expires it (default: $USER).")
    String by;

    @Override
    public Integer call() {
        return SilenceCommand.run(spec, () -> {
            if (!id.matches("[A-Za-z0-9._~-]{1,100}")) {
                throw new SilenceClient.Failure(SilenceClient.USAGE, "ID: expected a silence id like"
                        + " 3f2a9c1e-…, found \"" + Terminal.safe(id, 100) + "\"");
            }
            String who = parent.who(by);
            JsonNode s = new SilenceClient(api, parent.env).call("DELETE", "/" + id + "?by=" + enc(who)
                    + "&reason=" + enc(reason), null, true);
            spec.commandLine().getOut().println("silence " + id + " expired at "
                    + Terminal.safe(s.path("endsAt").asText(), 40));
        });
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
