package dev.acrwatch.cli;

/** The process exit codes documented in the README. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int CONFIG_INVALID = 1;
    public static final int USAGE = 2;
    public static final int RUNTIME_FAILURE = 3;

    private ExitCodes() {}
}
