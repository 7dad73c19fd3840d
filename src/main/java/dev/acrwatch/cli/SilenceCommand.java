package dev.acrwatch.cli;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code acr-watch silence add|list|expire}: manages silences through the running daemon's API. */
@Command(name = "silence", mixinStandardHelpOptions = true,
        description = "Add, list and expire silences on a running acr-watch daemon.",
        subcommands = {SilenceAddCommand.class, SilenceListCommand.class, SilenceExpireCommand.class})
public final class SilenceCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    final Map<String, String> env;

    public SilenceCommand() {
        this(System.getenv());
    }

    /** For tests: where {@code ACR_WATCH_API_TOKEN} and {@code USER} are read from. */
    SilenceCommand(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "expected add, list or expire");
    }

    /** Runs one subcommand's body, printing a failure to stderr and turning it into its exit code. */
    static int run(CommandLine.Model.CommandSpec spec, Body body) {
        try {
            body.run();
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        } catch (SilenceClient.Failure f) {
            spec.commandLine().getErr().println("acr-watch silence: " + f.getMessage());
            spec.commandLine().getErr().flush();
            return f.exitCode;
        }
    }

    /** A subcommand's work. */
    interface Body {
        void run() throws SilenceClient.Failure;
    }

    /** Who makes a change: {@code --by}, else $USER; every change must name someone. */
    String who(String by) throws SilenceClient.Failure {
        String who = by != null ? by : env.get("USER");
        if (who == null || who.isBlank()) {
            throw new SilenceClient.Failure(SilenceClient.USAGE, "--by: say who you are (USER is not set)");
        }
        return who;
    }
}
