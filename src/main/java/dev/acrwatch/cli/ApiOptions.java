package dev.acrwatch.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the daemon's API is and how to authenticate to it; shared by the {@code silence} subcommands. */
final class ApiOptions {

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://localhost:9464",
            description = "The daemon's metrics endpoint (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "File holding alerting.api_token (default: env ACR_WATCH_API_TOKEN). Needed for add/expire.")
    Path tokenFile;

    @Option(names = "--user", paramLabel = "NAME", description = "Basic-auth user of the endpoint, if it has one.")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE", description = "File holding the basic-auth password.")
    Path passwordFile;
}
