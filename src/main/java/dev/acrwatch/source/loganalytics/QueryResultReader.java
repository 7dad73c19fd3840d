package dev.acrwatch.source.loganalytics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acrwatch.source.QueryFailureReason;
import dev.acrwatch.source.SourceException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a query API response body ({@code {"tables":[{"columns":[…],"rows":[[…],…]}],"error":…}}) as a
 * stream and hands the first table's rows, one at a time, to a {@link ResultRows}. Nothing but the
 * current row is held, so a 500,000-row answer costs what its rows become, not its 60 MB of JSON.
 *
 * <p>Why not the SDK: azure-monitor-query 1.5.2 builds its {@code LogsTable} by indexing a
 * {@code LinkedList} in a loop, which is quadratic in the rows (a 50,000-row answer took 18 s,
 * 500,000 rows would take half an hour); see BENCHMARKS.md.
 */
final class QueryResultReader {

    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper TREES = new ObjectMapper();

    /** Receives one table's columns, then its rows; builds whatever the caller returns. */
    interface ResultRows<T> {
        /** The table's column names, in row order; called once, before any row. */
        void columns(List<String> names) throws SourceException;

        /**
         * One row; {@code values} is reused for the next row. Cells are their JSON text: strings as they
         * are, numbers as written, null as null, a nested object or array (a dynamic value) as JSON.
         *
         * @param rowNumber 1-based, as a person counts rows in the portal
         */
        void row(int rowNumber, String[] values) throws SourceException;

        T result();
    }

    /** The body's top-level {@code error}, present when the service could not answer in full. */
    record ServiceError(String code, String message) {}

    private QueryResultReader() {}

    /**
     * @return the service error when the body carries one (a partial answer: the caller must not use the
     *     rows); empty when the rows are the whole answer
     * @throws IOException      when the body cannot be read or is not JSON
     * @throws SourceException  from {@code rows}, or CLIENT when a row does not match the columns
     */
    static Optional<ServiceError> read(InputStream body, ResultRows<?> rows, String where)
            throws IOException, SourceException {
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("the response is not a JSON object");
            }
            Optional<ServiceError> error = Optional.empty();
            boolean tableRead = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("tables") && value == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        if (tableRead) {
                            p.skipChildren(); // the first table is the query's result; others are not ours
                        } else {
                            readTable(p, rows, where);
                            tableRead = true;
                        }
                    }
                } else if (field.equals("error") && value == JsonToken.START_OBJECT) {
                    JsonNode e = TREES.readTree(p);
                    error = Optional.of(new ServiceError(e.path("code").asText(""), e.path("message").asText("")));
                } else {
                    p.skipChildren(); // statistics, render and anything newer
                }
            }
            return error;
        }
    }

    private static void readTable(JsonParser p, ResultRows<?> rows, String where) throws IOException, SourceException {
        List<String> columns = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (field.equals("columns") && value == JsonToken.START_ARRAY) {
                columns = readColumns(p);
                rows.columns(columns);
            } else if (field.equals("rows") && value == JsonToken.START_ARRAY) {
                if (columns == null) {
                    throw new IOException("the table's rows come before its columns");
                }
                readRows(p, rows, columns.size(), where);
            } else {
                p.skipChildren();
            }
        }
    }

    private static List<String> readColumns(JsonParser p) throws IOException {
        List<String> names = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            String name = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("name")) {
                    name = p.getValueAsString();
                } else {
                    p.skipChildren();
                }
            }
            names.add(name == null ? "" : name);
        }
        return names;
    }

    private static void readRows(JsonParser p, ResultRows<?> rows, int width, String where)
            throws IOException, SourceException {
        String[] values = new String[width];
        int rowNumber = 0;
        while (p.nextToken() == JsonToken.START_ARRAY) {
            rowNumber++;
            int i = 0;
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    throw new IOException("the response ends inside row " + rowNumber);
                }
                String cell = cell(p, t);
                if (i < width) {
                    values[i] = cell;
                }
                i++;
            }
            if (i != width) {
                throw new SourceException(QueryFailureReason.CLIENT, where + ": malformed result row " + rowNumber
                        + ": " + i + " values for " + width + " columns");
            }
            rows.row(rowNumber, values);
        }
    }

    private static String cell(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case VALUE_NULL -> null;
            case START_OBJECT, START_ARRAY -> TREES.readTree(p).toString();
            default -> p.getText(); // strings, and numbers and booleans as written
        };
    }
}
