package dev.acrwatch.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Optional;

/** Instants as epoch nanoseconds, the store's column format; clamped so Instant.MIN/MAX work as bounds. */
final class Nanos {

    private static final Instant LOW = Instant.ofEpochSecond(0, Long.MIN_VALUE);
    private static final Instant HIGH = Instant.ofEpochSecond(0, Long.MAX_VALUE);

    private Nanos() {
    }

    static long of(Instant t) {
        if (!t.isAfter(LOW)) {
            return Long.MIN_VALUE;
        }
        if (t.isAfter(HIGH)) {
            return Long.MAX_VALUE;
        }
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(0, nanos);
    }

    static Optional<Instant> optional(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(instant(v));
    }

    static void set(PreparedStatement ps, int index, Optional<Instant> t) throws SQLException {
        if (t.isPresent()) {
            ps.setLong(index, of(t.get()));
        } else {
            ps.setNull(index, Types.BIGINT);
        }
    }
}
