package dev.acrwatch.probe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A deliberately small HTTP/1.1 response reader: status line, headers, and at most 4 KiB of
 * body. Every read is bounded so a hostile or broken peer cannot make the probe buffer without
 * limit. Chunked bodies are not decoded: the firewall phrase is short enough to be found in the
 * raw bytes.
 */
final class HttpResponseReader {

    static final int MAX_LINE = 8 * 1024;
    static final int MAX_HEADERS = 100;
    static final int MAX_BODY = 4 * 1024;

    /** A parsed response; header names are lower case. */
    record Response(int status, List<String[]> headers, String body) {
        List<String> header(String name) {
            String lower = name.toLowerCase(Locale.ROOT);
            List<String> values = new ArrayList<>();
            for (String[] h : headers) {
                if (h[0].equals(lower)) {
                    values.add(h[1]);
                }
            }
            return values;
        }
    }

    /** Thrown when the bytes are not an HTTP response. */
    static final class MalformedResponseException extends IOException {
        MalformedResponseException(String message) {
            super(message);
        }
    }

    private HttpResponseReader() {}

    static Response read(InputStream in) throws IOException {
        String statusLine = readLine(in);
        if (statusLine == null) {
            throw new MalformedResponseException("connection closed before a status line");
        }
        int status = parseStatus(statusLine);
        List<String[]> headers = new ArrayList<>();
        long contentLength = -1;
        while (true) {
            String line = readLine(in);
            if (line == null || line.isEmpty()) {
                break;
            }
            if (headers.size() >= MAX_HEADERS) {
                throw new MalformedResponseException("more than " + MAX_HEADERS + " header lines");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new MalformedResponseException("header line without a name: \"" + Text.sanitize(line, 80) + "\"");
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            headers.add(new String[] {name, value});
            if (name.equals("content-length")) {
                try {
                    contentLength = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new MalformedResponseException("Content-Length is not a number: \"" + Text.sanitize(value, 40) + "\"");
                }
            }
        }
        boolean noBody = status == 204 || status == 304 || (status >= 100 && status < 200);
        String body = noBody ? "" : readBody(in, contentLength);
        return new Response(status, headers, body);
    }

    private static int parseStatus(String line) throws MalformedResponseException {
        // "HTTP/1.1 401 Unauthorized"; the reason phrase is optional.
        String[] parts = line.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || parts[1].length() != 3) {
            throw new MalformedResponseException("not an HTTP/1.x status line: \"" + Text.sanitize(line, 80) + "\"");
        }
        try {
            return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new MalformedResponseException("not an HTTP/1.x status line: \"" + Text.sanitize(line, 80) + "\"");
        }
    }

    private static String readBody(InputStream in, long contentLength) throws IOException {
        long limit = contentLength < 0 ? MAX_BODY : Math.min(contentLength, MAX_BODY);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1024];
        while (out.size() < limit) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, limit - out.size()));
            if (n < 0) {
                break;
            }
            out.write(buf, 0, n);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A line without its CR LF, or null at end of stream before any byte. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int c = in.read();
            if (c < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
            }
            if (c == '\n') {
                byte[] bytes = line.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
            }
            if (line.size() >= MAX_LINE) {
                throw new MalformedResponseException("a line longer than " + MAX_LINE + " bytes");
            }
            line.write(c);
        }
    }
}
