package dev.acrwatch.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts the real {@code bin/acr-watch} launcher with its default JVM options, in a scratch directory. */
final class Launcher {

    private Launcher() {}

    /** The checkout's root: the {@code acrwatch.root} system property (bench/run sets it) or the working directory. */
    static Path root() {
        return Path.of(System.getProperty("acrwatch.root", ".")).toAbsolutePath().normalize();
    }

    static Process start(Path dir, List<String> args) throws IOException {
        List<String> command = new java.util.ArrayList<>();
        command.add(root().resolve("bin/acr-watch").toString());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("acr-watch.log").toFile());
        pb.environment().remove("ACR_WATCH_JAVA_OPTS"); // the launcher's defaults are what is measured
        return pb.start();
    }

    /** The launcher's default JVM options, read from bin/acr-watch so a change there is measured. */
    static List<String> defaultJvmOptions() throws IOException {
        for (String line : Files.readAllLines(root().resolve("bin/acr-watch"))) {
            if (line.startsWith("default_opts=\"")) {
                return List.of(line.substring("default_opts=\"".length(), line.lastIndexOf('"')).trim().split("\\s+"));
            }
        }
        throw new IOException("bin/acr-watch: no default_opts=\"...\" line");
    }

    /** The JVM the launcher exec'd (same pid: the script ends in exec). */
    static long javaPid(Process p) {
        return p.pid();
    }

    static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** HTTP status of a loopback GET, or -1 when nothing answers yet. */
    static int status(HttpClient http, String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(java.time.Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    static String log(Path dir) {
        try {
            String s = Files.readString(dir.resolve("acr-watch.log"));
            return s.length() > 3000 ? s.substring(s.length() - 3000) : s;
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
