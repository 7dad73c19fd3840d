package dev.acrwatch.probe;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.net.SocketFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Runs the four stages of one probe (DNS, TCP, TLS, GET /v2/) against one target, timing each
 * and stopping at the first failure.
 *
 * <p>Plain sockets rather than {@code java.net.http.HttpClient}: the client would resolve the
 * name again (and might connect to an address the DNS stage just rejected as public), and it
 * folds connect, handshake and response into one timeout and one exception type, so stages could
 * neither be timed nor told apart.
 */
final class Prober {

    private static final Pattern BEARER_CHALLENGE = Pattern.compile("(?i)^\\s*Bearer\\s+.*\\brealm\\s*=.*");
    private static final String FIREWALL_PHRASE = "not allowed access";

    private final Resolver resolver;
    private final SocketFactory sockets;
    private final SSLSocketFactory tls;
    private final ProbeConfig.Timeouts timeouts;
    private final Clock clock;
    private final ExecutorService dnsExecutor;

    /**
     * @param dnsExecutor runs lookups so the JDK resolver, which has no timeout of its own, can
     *                    be abandoned when the DNS stage times out
     */
    Prober(Resolver resolver, SocketFactory sockets, SSLSocketFactory tls, ProbeConfig.Timeouts timeouts,
            Clock clock, ExecutorService dnsExecutor) {
        this.resolver = resolver;
        this.sockets = sockets;
        this.tls = tls;
        this.timeouts = timeouts;
        this.clock = clock;
        this.dnsExecutor = dnsExecutor;
    }

    ProbeResult probe(ProbeTarget target) {
        return new Run(target).execute();
    }

    /** One probe's mutable state: the deadline and the stage durations measured so far. */
    private final class Run {
        private final ProbeTarget target;
        private final Instant at = clock.instant();
        private final long deadline = System.nanoTime() + timeouts.overall().toNanos();
        private final Map<ProbeStage, Duration> durations = new EnumMap<>(ProbeStage.class);
        private long stageStart;

        Run(ProbeTarget target) {
            this.target = target;
        }

        ProbeResult execute() {
            String host = target.loginServer();
            List<InetAddress> addresses;
            try {
                addresses = resolve(host);
            } catch (Failure f) {
                return failed(f);
            }
            InetAddress address = addresses.get(0);
            Socket socket = null;
            try {
                socket = connect(address);
                SSLSocket ssl = handshake(socket, host);
                socket = ssl;
                return request(ssl, host);
            } catch (Failure f) {
                return failed(f);
            } finally {
                closeQuietly(socket);
            }
        }

        private List<InetAddress> resolve(String host) throws Failure {
            long limit = begin(ProbeStage.DNS, timeouts.dns(), ProbeFailureReason.DNS_TIMEOUT);
            Future<List<InetAddress>> lookup;
            try {
                lookup = dnsExecutor.submit(() -> resolver.resolve(host));
            } catch (RejectedExecutionException e) {
                throw fail(ProbeFailureReason.DNS_TIMEOUT, "cannot resolve " + host
                        + ": every resolver thread is still stuck in an earlier lookup");
            }
            List<InetAddress> addresses;
            try {
                addresses = lookup.get(limit, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                lookup.cancel(true);
                throw fail(ProbeFailureReason.DNS_TIMEOUT, host + " did not resolve within " + limit + " ms");
            } catch (InterruptedException e) {
                lookup.cancel(true);
                Thread.currentThread().interrupt();
                throw fail(ProbeFailureReason.DNS_TIMEOUT, "probe interrupted while resolving " + host);
            } catch (ExecutionException e) {
                String why = e.getCause() instanceof UnknownHostException
                        ? "NXDOMAIN or no answer from the resolver"
                        : Text.sanitize(String.valueOf(e.getCause()), 200);
                throw fail(ProbeFailureReason.DNS_NXDOMAIN, host + " does not resolve (" + why + ")");
            }
            if (addresses == null || addresses.isEmpty()) {
                throw fail(ProbeFailureReason.DNS_NXDOMAIN, host + " resolved to no address");
            }
            if (target.expectPrivateEndpoint()) {
                List<InetAddress> publicOnes = addresses.stream().filter(a -> !PrivateAddresses.isPrivate(a)).toList();
                if (!publicOnes.isEmpty()) {
                    throw fail(ProbeFailureReason.DNS_PUBLIC_ADDRESS, host + " resolves to public address "
                            + publicOnes.stream().map(InetAddress::getHostAddress).collect(Collectors.joining(", "))
                            + " although a private endpoint is expected: is the privatelink.azurecr.io"
                            + " private DNS zone linked to this network?");
                }
            }
            end();
            return addresses;
        }

        private Socket connect(InetAddress address) throws Failure {
            long limit = begin(ProbeStage.TCP, timeouts.connect(), ProbeFailureReason.TCP_TIMEOUT);
            String where = address.getHostAddress() + " port " + target.port();
            Socket socket = null;
            try {
                socket = sockets.createSocket();
                socket.connect(new InetSocketAddress(address, target.port()), (int) limit);
                end();
                return socket;
            } catch (SocketTimeoutException e) {
                closeQuietly(socket);
                throw fail(ProbeFailureReason.TCP_TIMEOUT, "TCP connect to " + where + " timed out after " + limit
                        + " ms (packets dropped: firewall, NSG or routing)");
            } catch (ConnectException e) {
                closeQuietly(socket);
                boolean refused = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("refused");
                throw fail(refused ? ProbeFailureReason.TCP_REFUSED : ProbeFailureReason.TCP_UNREACHABLE,
                        "TCP connect to " + where + " failed: " + Text.sanitize(e.getMessage(), 200));
            } catch (IOException e) {
                closeQuietly(socket);
                throw fail(ProbeFailureReason.TCP_UNREACHABLE, "TCP connect to " + where + " failed: " + describe(e));
            }
        }

        private SSLSocket handshake(Socket socket, String host) throws Failure {
            long limit = begin(ProbeStage.TLS, timeouts.tls(), ProbeFailureReason.TLS_ERROR);
            try {
                SSLSocket ssl = (SSLSocket) tls.createSocket(socket, host, target.port(), true);
                SSLParameters params = ssl.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                if (!isIpLiteral(host)) {
                    params.setServerNames(List.of(new SNIHostName(host)));
                }
                ssl.setSSLParameters(params);
                ssl.setSoTimeout((int) limit);
                ssl.startHandshake();
                end();
                return ssl;
            } catch (SocketTimeoutException e) {
                throw fail(ProbeFailureReason.TLS_ERROR, "TLS handshake with " + host + " timed out after " + limit
                        + " ms: the server accepted TCP but never answered (a proxy or firewall in the path?)");
            } catch (SSLHandshakeException e) {
                throw fail(ProbeFailureReason.TLS_ERROR, "TLS handshake with " + host + " failed: "
                        + handshakeCause(e) + " (" + describe(e) + ")");
            } catch (IOException | IllegalArgumentException e) {
                throw fail(ProbeFailureReason.TLS_ERROR, "TLS handshake with " + host + " failed: " + describe(e));
            }
        }

        private ProbeResult request(SSLSocket ssl, String host) throws Failure {
            begin(ProbeStage.HTTP, timeouts.http(), ProbeFailureReason.HTTP_ERROR);
            long stageDeadline = Math.min(deadline, System.nanoTime() + timeouts.http().toNanos());
            HttpResponseReader.Response response;
            try {
                OutputStream out = ssl.getOutputStream();
                String authority = isIpLiteral(host) && host.contains(":") ? "[" + host + "]" : host;
                if (target.port() != 443) {
                    authority += ":" + target.port();
                }
                out.write(("GET /v2/ HTTP/1.1\r\nHost: " + authority + "\r\nUser-Agent: acr-watch-probe\r\n"
                        + "Accept: */*\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = new BufferedInputStream(new DeadlineInputStream(ssl, stageDeadline));
                response = HttpResponseReader.read(in);
            } catch (SocketTimeoutException e) {
                throw fail(ProbeFailureReason.HTTP_ERROR, "GET /v2/ on " + host + ": no complete response within "
                        + timeouts.http().toMillis() + " ms");
            } catch (IOException e) {
                throw fail(ProbeFailureReason.HTTP_ERROR, "GET /v2/ on " + host + " failed: " + describe(e));
            }
            return judge(response, host);
        }

        private ProbeResult judge(HttpResponseReader.Response response, String host) throws Failure {
            int status = response.status();
            boolean bearer = response.header("WWW-Authenticate").stream().anyMatch(v -> BEARER_CHALLENGE.matcher(v).matches());
            if (status == 401 && bearer) {
                end();
                return ProbeResult.ok(target, host + " reachable: GET /v2/ answered 401 with a Bearer challenge",
                        durations, at);
            }
            if (status == 403 && response.body().toLowerCase(Locale.ROOT).contains(FIREWALL_PHRASE)) {
                throw fail(ProbeFailureReason.HTTP_FIREWALL_DENIED, "GET /v2/ on " + host
                        + " answered 403: the registry firewall does not allow this client's IP: \""
                        + Text.sanitize(response.body(), 300) + "\"");
            }
            String expected = status == 401 ? "401 without a Bearer challenge" : "status " + status;
            throw fail(ProbeFailureReason.HTTP_UNEXPECTED_STATUS, "GET /v2/ on " + host + " answered " + expected
                    + ", expected 401 with a Bearer challenge");
        }

        /** Starts a stage and returns its time limit in ms: its own, or what is left of the overall one. */
        private long begin(ProbeStage stage, Duration own, ProbeFailureReason onExpiry) throws Failure {
            current = stage;
            stageStart = System.nanoTime();
            long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - stageStart);
            if (remaining <= 0) {
                throw fail(onExpiry, "overall probe timeout of " + timeouts.overall().toMillis()
                        + " ms spent before the " + stage.label() + " stage");
            }
            return Math.max(1, Math.min(own.toMillis(), remaining));
        }

        private ProbeStage current;

        private void end() {
            durations.put(current, Duration.ofNanos(System.nanoTime() - stageStart));
        }

        private Failure fail(ProbeFailureReason reason, String message) {
            end();
            return new Failure(reason, message);
        }

        private ProbeResult failed(Failure f) {
            return ProbeResult.failed(target, f.reason, Text.sanitize(f.getMessage(), 600), durations, at);
        }
    }

    /** A stage failure; control flow only, so no stack trace. */
    private static final class Failure extends Exception {
        final ProbeFailureReason reason;

        Failure(ProbeFailureReason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }

    /** Re-arms the socket timeout before each read so the whole response fits in one deadline. */
    private static final class DeadlineInputStream extends FilterInputStream {
        private final Socket socket;
        private final long deadline;

        DeadlineInputStream(Socket socket, long deadline) throws IOException {
            super(socket.getInputStream());
            this.socket = socket;
            this.deadline = deadline;
        }

        private void arm() throws IOException {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new SocketTimeoutException("deadline passed");
            }
            socket.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
        }

        @Override
        public int read() throws IOException {
            arm();
            return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            arm();
            return super.read(b, off, len);
        }
    }

    private static String handshakeCause(SSLHandshakeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (t instanceof CertificateException && m.contains("No subject alternative")
                    || m.contains("No name matching")) {
                return "host name mismatch";
            }
            if (t instanceof CertPathValidatorException || m.contains("PKIX path")) {
                return "certificate not trusted";
            }
            if (t instanceof EOFException) {
                return "the server closed the connection mid-handshake";
            }
        }
        return "handshake error";
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root == e ? e.toString() : e + " caused by " + root;
        return Text.sanitize(text, 300);
    }

    private static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }

    private static void closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Nothing to do: the probe result is already decided.
            }
        }
    }
}
