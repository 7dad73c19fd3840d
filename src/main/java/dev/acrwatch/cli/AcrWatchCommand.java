package dev.acrwatch.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root command; each verb is its own subcommand class. */
@Command(
        name = "acr-watch",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Watches Azure Container Registry logs in Log Analytics, classifies failures, exports metrics and alerts.",
        subcommands = {CommandLine.HelpCommand.class})
public final class AcrWatchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }
}
