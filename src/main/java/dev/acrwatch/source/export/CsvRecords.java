package dev.acrwatch.source.export;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Streams RFC 4180 records (quoted fields may span lines) and remembers the line each record starts on.
 * Fields are unquoted in place in the read buffer and become Strings only when asked for: a backtest
 * reads a few of an export's columns, and millions of rows.
 */
final class CsvRecords {

    /**
     * Thrown when a record cannot be completed: the file ends inside a quoted field, or a record grows past
     * {@link #MAX_RECORD_CHARS} (an unterminated quote would otherwise read the whole file into memory).
     */
    static final class TruncatedException extends IOException {
        TruncatedException(String message) {
            super(message);
        }
    }

    private static final char REPLACEMENT = '\uFFFD';
    /** Longest record read: real export rows are a few hundred characters. */
    static final int MAX_RECORD_CHARS = 4 * 1024 * 1024;

    private final Reader in;
    private char[] buf;
    private int pos;
    private int lim;
    /** Where the record being read starts in {@code buf}: a refill keeps it and what follows. */
    private int recordStart;
    private int line = 1;
    private int recordLine;
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private int count;
    private boolean replacement;
    private final View view = new View();

    private final int maxRecordChars;

    CsvRecords(Reader in) {
        this(in, 64 * 1024);
    }

    /** For tests: a small buffer puts records across refills. */
    CsvRecords(Reader in, int bufferSize) {
        this(in, bufferSize, MAX_RECORD_CHARS);
    }

    /** For tests: a small limit on a record's length. */
    CsvRecords(Reader in, int bufferSize, int maxRecordChars) {
        this.in = in;
        this.buf = new char[bufferSize];
        this.maxRecordChars = maxRecordChars;
    }

    /** The line the last record read by {@link #next()} started on. */
    int recordLine() {
        return recordLine;
    }

    /** Fields of the current record. */
    int size() {
        return count;
    }

    /** Whether a field of the current record holds U+FFFD (the decoder's mark for invalid input). */
    boolean hasReplacement() {
        return replacement;
    }

    /** Field {@code i} of the current record, unquoted. */
    String field(int i) {
        return new String(buf, starts[i], ends[i] - starts[i]);
    }

    /**
     * Field {@code i} of the current record as a view of the read buffer, valid until the next call to this
     * method or {@link #next()}: for a value read once and dropped (a date), no String is made.
     */
    CharSequence fieldText(int i) {
        view.start = starts[i];
        view.length = ends[i] - starts[i];
        return view;
    }

    /** A window on {@code buf}; reused. */
    private final class View implements CharSequence {
        private int start;
        private int length;

        @Override
        public int length() {
            return length;
        }

        @Override
        public char charAt(int index) {
            if (index < 0 || index >= length) {
                throw new IndexOutOfBoundsException(index);
            }
            return buf[start + index];
        }

        @Override
        public CharSequence subSequence(int from, int to) {
            return toString().substring(from, to);
        }

        @Override
        public String toString() {
            return new String(buf, start, length);
        }
    }

    /** The length of field {@code i} of the current record. */
    int fieldLength(int i) {
        return ends[i] - starts[i];
    }

    /** {@link String#hashCode()} of field {@code i} of the current record, without making a String of it. */
    int fieldHash(int i) {
        int h = 0;
        for (int k = starts[i], end = ends[i]; k < end; k++) {
            h = 31 * h + buf[k];
        }
        return h;
    }

    /** Whether field {@code i} of the current record is {@code s}, without making a String of it. */
    boolean fieldEquals(int i, String s) {
        int start = starts[i];
        int n = ends[i] - start;
        if (n != s.length()) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            if (buf[start + k] != s.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** The current record's fields as Strings. */
    List<String> fields() {
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(field(i));
        }
        return out;
    }

    /** Reads the next non-blank record; false at the end. */
    boolean next() throws IOException {
        count = 0;
        replacement = false;
        while (true) {
            if (pos == lim) {
                recordStart = pos;
                refill();
                if (pos == lim) {
                    return false;
                }
            }
            char c = buf[pos];
            if (c == '\n') {
                line++;
            } else if (c != '\r') {
                recordLine = line;
                record();
                return true;
            }
            pos++;
        }
    }

    /**
     * One record from {@code pos}. As before this reader was made faster: a quote opens a quoted field only as
     * the field's first character (carriage returns before it do not count), {@code ""} inside quotes is one
     * quote, text after the closing quote is appended, and carriage returns outside quotes are dropped. Field
     * text is moved back in the buffer ({@code w} behind {@code r}) only once a character was dropped.
     */
    private void record() throws IOException {
        recordStart = pos;
        char[] b = buf;
        int r = pos;
        int w = r;
        int fs = r;
        boolean atStart = true;
        boolean bad = false;
        while (true) {
            // Plain characters: everything above ',' but U+FFFD (letters, digits, . - / :), in one tight loop.
            int start = r;
            while (r < lim) {
                char c = b[r];
                if (c <= ',' || c == REPLACEMENT) {
                    break;
                }
                r++;
            }
            if (r > start) {
                if (w != start) {
                    System.arraycopy(b, start, b, w, r - start);
                }
                w += r - start;
                atStart = false;
            }
            if (r == lim) {
                int shift = refill();
                b = buf;
                r -= shift;
                w -= shift;
                fs -= shift;
                if (r == lim) {
                    endField(fs, w);
                    pos = r;
                    replacement = bad;
                    return;
                }
                continue;
            }
            char c = b[r++];
            if (c == ',') {
                endField(fs, w);
                fs = r;
                w = r;
                atStart = true;
            } else if (c == '\n') {
                line++;
                endField(fs, w);
                pos = r;
                replacement = bad;
                return;
            } else if (c == '\r') {
                continue;
            } else if (c == '"' && atStart) {
                atStart = false;
                // Quoted: everything up to the closing quote, "" being one quote.
                while (true) {
                    start = r;
                    while (r < lim) {
                        char q = b[r];
                        if (q == '"' || q == '\n' || q == REPLACEMENT) {
                            break;
                        }
                        r++;
                    }
                    if (r > start) {
                        if (w != start) {
                            System.arraycopy(b, start, b, w, r - start);
                        }
                        w += r - start;
                    }
                    if (r == lim) {
                        int shift = refill();
                        b = buf;
                        r -= shift;
                        w -= shift;
                        fs -= shift;
                        if (r == lim) {
                            pos = r;
                            throw new TruncatedException("the file ends inside a quoted field");
                        }
                        continue;
                    }
                    char q = b[r++];
                    if (q == '"') {
                        if (r == lim) {
                            int shift = refill();
                            b = buf;
                            r -= shift;
                            w -= shift;
                            fs -= shift;
                            if (r == lim) {
                                break;
                            }
                        }
                        if (b[r] != '"') {
                            break;
                        }
                        r++;
                    } else if (q == '\n') {
                        line++;
                    } else {
                        bad = true;
                    }
                    b[w++] = q;
                }
            } else {
                atStart = false;
                if (c == REPLACEMENT) {
                    bad = true;
                }
                b[w++] = c;
            }
        }
    }

    private void endField(int start, int end) {
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
        }
        starts[count] = start;
        ends[count] = end;
        count++;
    }

    /**
     * Reads more input after {@code lim}, first moving the current record to the start of the buffer (growing
     * it when the record fills it). Returns how far the record moved back; {@code lim} does not move at the end
     * of the input.
     */
    private int refill() throws IOException {
        int shift = recordStart;
        if (shift > 0) {
            System.arraycopy(buf, shift, buf, 0, lim - shift);
            for (int i = 0; i < count; i++) {
                starts[i] -= shift;
                ends[i] -= shift;
            }
            lim -= shift;
            pos -= Math.min(pos, shift);
            recordStart = 0;
        } else if (lim == buf.length) {
            if (buf.length >= maxRecordChars) {
                throw new TruncatedException("a record longer than " + maxRecordChars
                        + " characters (an unterminated quoted field?); the rest of the file is not read");
            }
            buf = Arrays.copyOf(buf, Math.min(buf.length * 2, maxRecordChars));
        }
        int n = in.read(buf, lim, buf.length - lim);
        if (n > 0) {
            lim += n;
        }
        return shift;
    }
}
