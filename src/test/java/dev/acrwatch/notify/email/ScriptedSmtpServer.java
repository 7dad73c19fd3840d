package dev.acrwatch.notify.email;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A minimal SMTP server on loopback for what GreenMail 2.1 cannot do: offer STARTTLS (with GreenMail's own test
 * certificate) and answer RCPT with a chosen reply code.
 */
final class ScriptedSmtpServer implements AutoCloseable {

    /** One accepted message and whether TLS was on when it arrived. */
    record Received(boolean overTls, List<String> recipients, String data) {
    }

    private final ServerSocket server;
    private final boolean offerStarttls;
    private final String rcptReply;
    private final SSLContext tls;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Thread thread;

    ScriptedSmtpServer(boolean offerStarttls, String rcptReply) throws Exception {
        this.offerStarttls = offerStarttls;
        this.rcptReply = rcptReply;
        this.tls = greenMailTls();
        this.server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        this.thread = new Thread(this::serve, "scripted-smtp");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return server.getLocalPort();
    }

    List<Received> received() {
        return received;
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.setSoTimeout(10_000);
                session(s);
            } catch (IOException e) {
                // closed by close(), or a client gave up: wait for the next one
            }
        }
    }

    private void session(Socket plain) throws IOException {
        Socket s = plain;
        boolean overTls = false;
        BufferedReader in = reader(s.getInputStream());
        PrintWriter out = writer(s.getOutputStream());
        List<String> rcpts = new CopyOnWriteArrayList<>();
        reply(out, "220 scripted ESMTP");
        String line;
        while ((line = in.readLine()) != null) {
            String cmd = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
            switch (cmd) {
                case "EHLO" -> {
                    if (offerStarttls && !overTls) {
                        reply(out, "250-scripted\r\n250 STARTTLS");
                    } else {
                        reply(out, "250 scripted");
                    }
                }
                case "HELO", "MAIL", "RSET", "NOOP" -> reply(out, "250 OK");
                case "STAR" -> {
                    reply(out, "220 go ahead");
                    SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(s, "127.0.0.1", s.getPort(), true);
                    ssl.setUseClientMode(false);
                    ssl.startHandshake();
                    s = ssl;
                    overTls = true;
                    in = reader(s.getInputStream());
                    out = writer(s.getOutputStream());
                }
                case "RCPT" -> {
                    rcpts.add(line.substring(line.indexOf(':') + 1).trim());
                    reply(out, rcptReply);
                }
                case "DATA" -> {
                    reply(out, "354 end with .");
                    StringBuilder data = new StringBuilder();
                    String l;
                    while ((l = in.readLine()) != null && !l.equals(".")) {
                        data.append(l).append('\n');
                    }
                    received.add(new Received(overTls, List.copyOf(rcpts), data.toString()));
                    reply(out, "250 queued");
                }
                case "QUIT" -> {
                    reply(out, "221 bye");
                    return;
                }
                default -> reply(out, "500 unknown command");
            }
        }
    }

    private static BufferedReader reader(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    private static PrintWriter writer(OutputStream out) {
        return new PrintWriter(out, false, StandardCharsets.UTF_8);
    }

    private static void reply(PrintWriter out, String text) {
        out.print(text + "\r\n");
        out.flush();
    }

    private static SSLContext greenMailTls() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        char[] password = "changeit".toCharArray();
        try (InputStream in = ScriptedSmtpServer.class.getResourceAsStream("/greenmail.p12")) {
            ks.load(in, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
