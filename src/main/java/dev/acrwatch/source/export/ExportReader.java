package dev.acrwatch.source.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.acrwatch.event.EventCount;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Streams an exported log file (portal CSV, portal JSON, {@code az monitor log-analytics query} JSON) as
 * {@link EventCount} rows, one per record, in file order. Bad records are reported and skipped; memory
 * stays bounded whatever the file size.
 */
public final class ExportReader {

    /** Receives rows and problems as they are read. */
    public interface Sink {
        void row(EventCount row);

        /** A skipped record, as {@code file:line: column: what was expected, found "…"}. */
        void problem(String message);
    }

    /** What one file gave: rows read and records skipped. */
    public record Stats(InputFormat format, long rows, long skipped) {}

    private static final char REPLACEMENT = '\uFFFD';
    private static final JsonFactory JSON = new JsonFactory();

    private final ExportRowMapper mapper = new ExportRowMapper();
    private final String name;
    private final Sink sink;
    private long rows;
    private long skipped;

    private ExportReader(String name, Sink sink) {
        this.name = name;
        this.sink = sink;
    }

    /**
     * @param format the format, or empty to detect it from the content
     * @throws IOException when the file cannot be read at all (missing, unreadable, not an export)
     */
    public static Stats read(Path file, Optional<InputFormat> format, Sink sink) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return read(file.getFileName().toString(), in, format, sink);
        }
    }

    /** As {@link #read(Path, Optional, Sink)}, with {@code name} used in problem messages. */
    public static Stats read(String name, InputStream in, Optional<InputFormat> format, Sink sink) throws IOException {
        PushbackReader reader = new PushbackReader(decoder(in), 1);
        InputFormat f = format.isPresent() ? format.get() : detect(name, reader);
        ExportReader r = new ExportReader(name, sink);
        if (f == InputFormat.CSV) {
            r.readCsv(reader);
        } else {
            r.readJson(reader);
        }
        return new Stats(f, r.rows, r.skipped);
    }

    /** UTF-8 unless a UTF-16 byte-order mark says otherwise; undecodable bytes become U+FFFD, caught per record. */
    private static Reader decoder(InputStream in) throws IOException {
        in.mark(3);
        int a = in.read();
        int b = in.read();
        int c = in.read();
        Charset cs = StandardCharsets.UTF_8;
        in.reset();
        if (a == 0xFF && b == 0xFE) {
            cs = StandardCharsets.UTF_16LE;
            in.skip(2);
        } else if (a == 0xFE && b == 0xFF) {
            cs = StandardCharsets.UTF_16BE;
            in.skip(2);
        } else if (a == 0xEF && b == 0xBB && c == 0xBF) {
            in.skip(3);
        }
        return new InputStreamReader(in, cs.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE));
    }

    private static InputFormat detect(String name, PushbackReader reader) throws IOException {
        int c = reader.read();
        while (c >= 0 && Character.isWhitespace(c)) {
            c = reader.read();
        }
        if (c < 0) {
            throw new IOException(name + ": empty file");
        }
        reader.unread(c);
        // Both JSON forms are arrays of objects; they differ only in key names and date style, and the
        // mapper reads either.
        return c == '[' ? InputFormat.AZ_JSON : InputFormat.CSV;
    }

    private void readCsv(Reader reader) throws IOException {
        CsvRecords csv = new CsvRecords(reader);
        if (!csv.next()) {
            throw new IOException(name + ": empty file");
        }
        List<String> header = csv.fields();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            index.putIfAbsent(ExportRowMapper.normalize(header.get(i)), i);
        }
        if (!index.containsKey("TimeGenerated")) {
            throw new IOException(name + ":1: not a Log Analytics export: no TimeGenerated column in the header");
        }
        // The field of each column the mapper reads (-1: not in the file). Values come from the cache (a repeated
        // value is the same String), the date as a view of the buffer: it is parsed, not kept.
        int[] field = new int[ExportRowMapper.COLUMNS.size()];
        for (int c = 0; c < field.length; c++) {
            field[c] = index.getOrDefault(ExportRowMapper.COLUMNS.get(c), -1);
        }
        FieldCache cache = new FieldCache(csv, field.length);
        ExportRowMapper.Columns columns = new ExportRowMapper.Columns() {
            @Override
            public String get(int c) {
                int i = field[c];
                return i < 0 ? null : cache.get(c, i);
            }

            @Override
            public CharSequence text(int c) {
                int i = field[c];
                return i < 0 ? null : c == ExportRowMapper.TIME ? csv.fieldText(i) : cache.get(c, i);
            }
        };
        while (true) {
            try {
                if (!csv.next()) {
                    return;
                }
            } catch (CsvRecords.TruncatedException e) {
                skip(csv.recordLine(), e.getMessage());
                return;
            }
            int line = csv.recordLine();
            if (csv.size() != header.size()) {
                skip(line, "expected " + header.size() + " columns, found " + csv.size());
                continue;
            }
            if (csv.hasReplacement()) {
                skip(line, "invalid UTF-8");
                continue;
            }
            accept(line, mapper.mapColumns(columns));
        }
    }

    private void readJson(Reader reader) throws IOException {
        JsonParser p = JSON.createParser(reader);
        int line = 1;
        try {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException(name + ":" + p.getTokenLocation().getLineNr()
                        + ": not a Log Analytics export: expected a JSON array of objects");
            }
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    skip(line, "the file ends inside the JSON array (truncated?)");
                    return;
                }
                line = p.getTokenLocation().getLineNr();
                if (t != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    skip(line, "expected a JSON object, found " + t.asString());
                    continue;
                }
                Map<String, String> values = object(p);
                if (hasReplacement(values.values())) {
                    skip(line, "invalid UTF-8");
                    continue;
                }
                accept(line, mapper.map(values::get));
            }
        } catch (JsonProcessingException e) {
            // Jackson's message quotes the bad content; the location is all the reader needs.
            skip(e.getLocation() == null ? line : e.getLocation().getLineNr(),
                    "malformed or truncated JSON; the rest of the file is skipped");
        }
    }

    private static Map<String, String> object(JsonParser p) throws IOException {
        Map<String, String> values = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = ExportRowMapper.normalize(p.getCurrentName());
            JsonToken v = p.nextToken();
            if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                p.skipChildren();
                values.put(key, "");
            } else if (v == JsonToken.VALUE_NULL) {
                values.put(key, "");
            } else if (v != null) {
                values.put(key, p.getText());
            }
        }
        return values;
    }

    private static boolean hasReplacement(Iterable<String> fields) {
        for (String f : fields) {
            if (f.indexOf(REPLACEMENT) >= 0) {
                return true;
            }
        }
        return false;
    }

    private void accept(int line, ExportRowMapper.Mapped m) {
        if (m.isOk()) {
            rows++;
            sink.row(m.row());
        } else {
            skip(line, m.problem());
        }
    }

    private void skip(long line, String problem) {
        skipped++;
        sink.problem(name + ":" + line + ": " + problem);
    }
}
