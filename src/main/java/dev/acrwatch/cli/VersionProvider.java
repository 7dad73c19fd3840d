package dev.acrwatch.cli;

import picocli.CommandLine;

/** Reads the version from the jar manifest (or says "dev" when run from classes). */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = AcrWatchCommand.class.getPackage().getImplementationVersion();
        return new String[] {"acr-watch " + (v == null ? "dev" : v)};
    }
}
