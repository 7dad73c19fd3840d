package dev.acrwatch.schedule;

import java.util.Properties;

/**
 * The one place Quartz is configured: an in-memory job store for a single node, or the clustered JDBC job
 * store on the shared PostgreSQL, where each poll runs on one node at a time and a dead node's polls are
 * taken over after the check-in interval.
 */
final class QuartzProperties {

    static final int MAX_THREADS = 10;

    private QuartzProperties() {}

    static Properties ramJobStore(String schedulerName, int jobCount) {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", schedulerName);
        p.setProperty("org.quartz.scheduler.instanceId", "NON_CLUSTERED");
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.scheduler.jmx.export", "false");
        // Each job has its own thread so a slow workspace never delays another's poll.
        p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount",
                Integer.toString(Math.max(1, Math.min(jobCount, MAX_THREADS))));
        p.setProperty("org.quartz.threadPool.threadNamePrefix", schedulerName + "-poll");
        p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        p.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
        return p;
    }

    /**
     * @param dataSourceName a provider registered with Quartz's DBConnectionManager under this name
     * @param nodeId         unique per node; every node shares {@code schedulerName}
     */
    static Properties clusteredJobStore(String schedulerName, int jobCount, String dataSourceName, String nodeId,
            long checkinMillis) {
        Properties p = ramJobStore(schedulerName, jobCount);
        p.setProperty("org.quartz.scheduler.instanceId", nodeId);
        p.setProperty("org.quartz.jobStore.class", ClusterJobStore.class.getName());
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval",
                Long.toString(Math.max(100, checkinMillis / ClusterJobStore.CHECKINS_PER_INTERVAL)));
        // Take triggers under the lock, so two nodes never fire the same one.
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        p.setProperty("org.quartz.jobStore.useProperties", "true");
        // After a database outage, retry within a second or two instead of Quartz's 15 s.
        p.setProperty("org.quartz.jobStore.dbRetryInterval", "1000");
        return p;
    }
}
