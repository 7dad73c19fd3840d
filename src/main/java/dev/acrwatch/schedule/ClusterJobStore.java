package dev.acrwatch.schedule;

import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.impl.jdbcjobstore.SchedulerStateRecord;

/**
 * Quartz's JDBC job store with a takeover that keeps the promise of {@code store.cluster_checkin_interval}: a
 * dead node's polls move to another node within that interval.
 *
 * <p>Stock Quartz checks in once per interval and declares a node dead only after a full interval plus a fixed
 * 7.5 s of silence, so a 15 s setting takes over after 22–37 s. Here nodes check in four times per configured
 * interval ({@link QuartzProperties#clusteredJobStore} sets Quartz's interval to a quarter) and a node is dead
 * after three missed check-ins: detected by the next check-in of a survivor, at most one configured interval
 * after the dead node's last sign of life, while two late check-ins in a row (a GC pause, a slow database) are
 * still tolerated.
 */
public final class ClusterJobStore extends JobStoreTX {

    static final int CHECKINS_PER_INTERVAL = 4;
    static final int MISSED_CHECKINS_BEFORE_DEAD = 3;

    @Override
    protected long calcFailedIfAfter(SchedulerStateRecord rec) {
        return rec.getCheckinTimestamp() + MISSED_CHECKINS_BEFORE_DEAD * rec.getCheckinInterval();
    }
}
