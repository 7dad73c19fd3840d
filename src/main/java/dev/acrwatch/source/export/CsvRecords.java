package dev.acrwatch.source.export;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/** Streams RFC 4180 records (quoted fields may span lines) and remembers the line each record starts on. */
final class CsvRecords {

    /** Thrown when the file ends inside a quoted field. */
    static final class TruncatedException extends IOException {
        TruncatedException(String message) {
            super(message);
        }
    }

    private final Reader in;
    private final char[] buf = new char[64 * 1024];
    private int pos;
    private int len;
    private int line = 1;
    private int recordLine;
    private final StringBuilder field = new StringBuilder();

    CsvRecords(Reader in) {
        this.in = in;
    }

    /** The line the last record returned by {@link #next()} started on. */
    int recordLine() {
        return recordLine;
    }

    /** The next non-blank record, or null at the end. */
    List<String> next() throws IOException {
        while (true) {
            int c = read();
            if (c < 0) {
                return null;
            }
            if (c == '\n') {
                line++;
                continue;
            }
            if (c == '\r') {
                continue;
            }
            recordLine = line;
            return record(c);
        }
    }

    private List<String> record(int first) throws IOException {
        List<String> fields = new ArrayList<>();
        field.setLength(0);
        boolean quoted = false;
        boolean fieldStart = true;
        int c = first;
        while (true) {
            if (c < 0) {
                if (quoted) {
                    throw new TruncatedException("the file ends inside a quoted field");
                }
                fields.add(field.toString());
                return fields;
            }
            if (quoted) {
                if (c == '"') {
                    int d = read();
                    if (d == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        c = d;
                        continue;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append((char) c);
                }
            } else if (c == '"' && fieldStart) {
                quoted = true;
                fieldStart = false;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                fieldStart = true;
            } else if (c == '\n') {
                line++;
                fields.add(field.toString());
                return fields;
            } else if (c != '\r') {
                field.append((char) c);
                fieldStart = false;
            }
            c = read();
        }
    }

    private int read() throws IOException {
        if (pos == len) {
            len = in.read(buf, 0, buf.length);
            pos = 0;
            if (len <= 0) {
                len = 0;
                return -1;
            }
        }
        return buf[pos++];
    }
}
