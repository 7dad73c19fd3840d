package dev.acrwatch.cli;

import picocli.CommandLine;

/** Runs the backtest command alone in a forked JVM (Main does not register it yet). */
public final class BacktestMain {

    private BacktestMain() {}

    public static void main(String[] args) {
        System.exit(new CommandLine(new BacktestCommand()).execute(args));
    }
}
