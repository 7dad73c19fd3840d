-- Schema version 2: evaluation is serialised across nodes, and an alert remembers its threshold.

-- One row. Every alert evaluation locks it (SELECT ... FOR UPDATE) for its whole transaction, so two nodes
-- never step the lifecycle at once; version grows with each committed evaluation, so a node sees whether its
-- in-memory copy of the alerting state is still the newest or must be reloaded.
-- horizon_ns: the data time the last evaluation reached; after a gap (outage, restart, takeover) the next
-- evaluation steps through every minute since, so an alert whose whole episode fell in the gap still fires.
CREATE TABLE alerting_lock (
    id         INT PRIMARY KEY,
    version    BIGINT NOT NULL,
    horizon_ns BIGINT
);
INSERT INTO alerting_lock (id, version) VALUES (1, 0);

-- The threshold an active alert was last measured against: its resolve message states it even when the
-- group vanished from the rule's results (no events left in the window).
ALTER TABLE alert_state ADD COLUMN last_threshold DOUBLE PRECISION;

-- When a poll of this (workspace, table) last succeeded, on any node: readiness and the blind check of a
-- node that did not run that poll itself read it.
ALTER TABLE watermark ADD COLUMN polled_at_ns BIGINT;

UPDATE schema_info SET version = 2 WHERE id = 1;
