package dev.acrwatch;

import dev.acrwatch.cli.AcrWatchCommand;
import dev.acrwatch.cli.BacktestCommand;
import dev.acrwatch.cli.CallersCommand;
import dev.acrwatch.cli.CheckConfigCommand;
import dev.acrwatch.cli.DemoCommand;
import dev.acrwatch.cli.ExitCodes;
import dev.acrwatch.cli.KqlCommand;
import dev.acrwatch.cli.RunCommand;
import dev.acrwatch.cli.SilenceCommand;
import dev.acrwatch.cli.TestNotifyCommand;
import picocli.CommandLine;

/** Entry point: wiring only. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with every verb registered. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new AcrWatchCommand())
                .addSubcommand(new RunCommand())
                .addSubcommand(new CheckConfigCommand())
                .addSubcommand(new KqlCommand())
                .addSubcommand(new DemoCommand())
                .addSubcommand(new SilenceCommand())
                .addSubcommand(new TestNotifyCommand())
                .addSubcommand(new BacktestCommand())
                .addSubcommand(new CallersCommand());
        cl.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException
                ? ExitCodes.USAGE : ExitCodes.RUNTIME_FAILURE);
        return cl;
    }
}
