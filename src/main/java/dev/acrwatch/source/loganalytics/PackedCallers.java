package dev.acrwatch.source.loganalytics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acrwatch.event.EventCount;
import dev.acrwatch.source.QueryFailureReason;
import dev.acrwatch.source.SourceException;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Expands a result row's {@code Callers} column — the caller IPs of one minute and identity packed by
 * the poll query as {@code [[ip, count], …]} — back into one {@link EventCount} per IP.
 *
 * <p>The REST API serializes a {@code dynamic} value as a JSON string holding the JSON text;
 * {@link QueryResultReader} hands a raw JSON array over as its text, so both arrive here as text. Counts are never lost: when the list was capped, the events it leaves out
 * are one more count with no IP. The row's delay sum and max go on the first count only (readers sum
 * and max them, so the row's totals stay the same); MaxIngestion on every count. A value that is not
 * such a list, a count that is not a whole number {@code >= 0}, or pairs that sum to more than the
 * row's Count fail the whole query, as {@link RowMapper} does for the columns the query computes.
 */
final class PackedCallers {

    static final String COLUMN = "Callers";

    private static final JsonFactory STREAMS = new JsonFactory();
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private PackedCallers() {}

    /**
     * @param base      the row with callerIp "" and the row's Count, MaxIngestion and delays
     * @param callers   the column's value: JSON text of the pairs (the REST API's string), or null
     * @param rowNumber 1-based, for messages
     */
    static void expand(EventCount base, String callers, List<EventCount> out, String where, int rowNumber)
            throws SourceException {
        if (callers == null) {
            throw malformed(where, rowNumber, "expected a JSON array of [ip, count] pairs", null);
        }
        if (expandPlain(base, callers, out)) {
            return;
        }
        JsonNode node;
        try {
            node = JSON.readTree(callers);
        } catch (JsonProcessingException e) {
            // Jackson's message quotes the input; ours cuts and escapes it.
            throw malformed(where, rowNumber, "expected a JSON array of [ip, count] pairs", callers);
        }
        expandPairs(base, node, callers, out, where, rowNumber);
    }

    /**
     * The common case, read with a streaming parser and no tree: a well-formed list whose counts add up
     * to at most Count. Anything else returns false having added nothing, and the tree path above
     * decides (and words the error).
     */
    private static boolean expandPlain(EventCount base, String callers, List<EventCount> out) {
        List<String> ips = new ArrayList<>(2);
        List<Long> counts = new ArrayList<>(2);
        long sum = 0;
        try (JsonParser p = STREAMS.createParser(callers)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                return false;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.START_ARRAY) {
                JsonToken ip = p.nextToken();
                if (ip != JsonToken.VALUE_STRING && ip != JsonToken.VALUE_NULL) {
                    return false;
                }
                String address = ip == JsonToken.VALUE_NULL ? "" : p.getText();
                if (p.nextToken() != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT
                        && p.getNumberType() != JsonParser.NumberType.LONG) {
                    return false;
                }
                long count = p.getLongValue();
                if (count < 0 || count > base.count() - sum || p.nextToken() != JsonToken.END_ARRAY) {
                    return false;
                }
                sum += count;
                ips.add(address);
                counts.add(count);
            }
            if (t != JsonToken.END_ARRAY || p.nextToken() != null) {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
        for (int i = 0; i < ips.size(); i++) {
            out.add(withCaller(base, ips.get(i), counts.get(i), i == 0));
        }
        if (sum < base.count() || ips.isEmpty()) {
            out.add(withCaller(base, "", base.count() - sum, ips.isEmpty()));
        }
        return true;
    }

    private static void expandPairs(EventCount base, JsonNode pairs, String text, List<EventCount> out,
            String where, int rowNumber) throws SourceException {
        if (pairs == null || !pairs.isArray()) {
            throw malformed(where, rowNumber, "expected a JSON array of [ip, count] pairs", text);
        }
        int start = out.size();
        long sum = 0;
        for (int i = 0; i < pairs.size(); i++) {
            JsonNode pair = pairs.get(i);
            String ip = ip(pair);
            long count = count(pair);
            if (ip == null || count < 0) {
                throw malformed(where, rowNumber, "pair " + (i + 1) + ": expected [ip, whole count >= 0]",
                        pair.toString());
            }
            if (count > base.count() - sum) {
                throw malformed(where, rowNumber, "the pairs' counts add up to more than Count "
                        + base.count(), text);
            }
            sum += count;
            out.add(withCaller(base, ip, count, out.size() == start));
        }
        if (sum < base.count() || out.size() == start) {
            out.add(withCaller(base, "", base.count() - sum, out.size() == start));
        }
    }

    /** The IP of a well-formed pair ("" for a null, as for every logged value), or null. */
    private static String ip(JsonNode pair) {
        if (!pair.isArray() || pair.size() != 2) {
            return null;
        }
        JsonNode ip = pair.get(0);
        return ip.isNull() ? "" : ip.isTextual() ? ip.textValue() : null;
    }

    /** The count of a pair, or -1 when it is not a whole number {@code >= 0} that fits a long. */
    private static long count(JsonNode pair) {
        if (!pair.isArray() || pair.size() != 2 || !pair.get(1).isNumber()) {
            return -1;
        }
        try {
            BigDecimal v = pair.get(1).decimalValue();
            return v.signum() < 0 ? -1 : v.longValueExact();
        } catch (ArithmeticException e) {
            return -1;
        }
    }

    private static EventCount withCaller(EventCount base, String ip, long count, boolean first) {
        return new EventCount(base.table(), base.minute(), base.loginServer(), base.operation(), base.status(),
                base.identity(), ip, base.repository(), count, base.maxIngestion(),
                first ? base.ingestDelaySumSeconds() : 0, first ? base.ingestDelayMaxSeconds() : 0);
    }

    private static SourceException malformed(String where, int n, String what, String value) {
        String found = value == null ? ", found null" : ", found " + KqlLiterals.quoteForMessage(value);
        return new SourceException(QueryFailureReason.CLIENT,
                where + ": malformed result row " + n + " column " + COLUMN + ": " + what + found);
    }
}
