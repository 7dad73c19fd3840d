package dev.acrwatch.source.loganalytics;

import dev.acrwatch.config.PollConfig;
import dev.acrwatch.config.WorkspaceConfig;
import dev.acrwatch.source.CallerSightings;
import dev.acrwatch.source.QueryFailureReason;
import dev.acrwatch.source.SourceException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Runs the learning query ({@code kql/learn-callers.kql}) against a Log Analytics workspace. */
final class LogAnalyticsCallerSightings implements CallerSightings {

    private final WorkspaceConfig workspace;
    private final PollConfig poll;
    private final QueryApiClient client;

    LogAnalyticsCallerSightings(WorkspaceConfig workspace, PollConfig poll, QueryApiClient client) {
        this.workspace = workspace;
        this.poll = poll;
        this.client = client;
    }

    @Override
    public List<Sighting> regularCallers(Instant now) throws SourceException {
        String where = "workspace " + workspace.name() + " learning query";
        KqlTemplates.LearningQuery query;
        try {
            query = KqlTemplates.learningQuery(workspace, now);
        } catch (IllegalArgumentException e) {
            throw new SourceException(QueryFailureReason.CLIENT, where + ": " + e.getMessage(), null, e);
        }
        // A partial answer fails the query: it would forget callers that are merely missing from it.
        return client.query(workspace.id(), query.text(), query.timespanStart(), query.timespanEnd(),
                poll.serverTimeout(), new SightingRows(where), where);
    }

    private final class SightingRows implements QueryResultReader.ResultRows<List<Sighting>> {
        private final String where;
        private final List<Sighting> out = new ArrayList<>();
        private List<String> columns = List.of();

        SightingRows(String where) {
            this.where = where;
        }

        @Override
        public void columns(List<String> names) {
            columns = names;
        }

        @Override
        public void row(int n, String[] values) throws SourceException {
            String kind = text(values, n, "Kind");
            Kind k = switch (kind) {
                case "identity" -> Kind.IDENTITY;
                case "ip" -> Kind.IP_BLOCK;
                default -> throw malformed(n, "Kind", "expected identity or ip", kind);
            };
            String hoursText = text(values, n, "Hours");
            int hours;
            try {
                hours = new BigDecimal(hoursText).intValueExact();
            } catch (ArithmeticException | NumberFormatException e) {
                throw malformed(n, "Hours", "expected a whole number", hoursText);
            }
            String last = text(values, n, "LastSeen");
            Instant lastSeen = IsoInstants.parse(last);
            if (lastSeen == null) {
                throw malformed(n, "LastSeen", "expected a datetime", last);
            }
            out.add(new Sighting(text(values, n, "LoginServer"), k, text(values, n, "Caller"), hours,
                    workspace.learnCallers().ofHours(), lastSeen));
        }

        @Override
        public List<Sighting> result() {
            return out;
        }

        private String text(String[] values, int n, String column) throws SourceException {
            int i = columns.indexOf(column);
            if (i < 0) {
                throw malformed(n, column, "column is missing", null);
            }
            return values[i] == null ? "" : values[i];
        }

        private SourceException malformed(int n, String column, String what, String value) {
            return RowMapper.malformed(where, n, column, what, value);
        }
    }
}
