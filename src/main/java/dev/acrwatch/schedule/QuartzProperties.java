package dev.acrwatch.schedule;

import java.util.Properties;

/**
 * The one place Quartz is configured. Today an in-memory job store; the clustered JDBC store
 * (PostgreSQL) will replace {@link #ramJobStore} here without touching the jobs.
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
}
