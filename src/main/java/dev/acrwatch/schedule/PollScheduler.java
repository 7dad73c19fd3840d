package dev.acrwatch.schedule;

import dev.acrwatch.config.PollConfig;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.poll.PollWorkspace;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.ScheduleBuilder;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import java.util.Optional;
import javax.sql.DataSource;

/** Runs every (workspace, table) poll on its own Quartz job, never concurrently with itself. */
public final class PollScheduler {

    public static final String DEFAULT_NAME = "acr-watch";
    static final String GROUP = "acr-watch";

    private final Scheduler scheduler;
    private final Map<JobKey, PollWorkspace> polls = new LinkedHashMap<>();
    private final CountDownLatch terminated = new CountDownLatch(1);

    /**
     * Where a clustered scheduler keeps its jobs: the shared PostgreSQL (Quartz's tables are migrated with the
     * store's).
     *
     * @param nodeId  unique per node
     * @param checkin how often this node checks in; a node silent for longer has its jobs taken over
     */
    public record Cluster(DataSource dataSource, String nodeId, Duration checkin) {}

    /**
     * @param name Quartz scheduler name; distinct names give independent schedulers in one JVM
     */
    public PollScheduler(String name, PollConfig config, List<PollWorkspace> workspaces) throws SchedulerException {
        this(name, config, workspaces, Optional.empty());
    }

    /**
     * @param cluster when present, jobs live in the shared database and each runs on one node at a time; every
     *                node must use the same {@code name}
     */
    public PollScheduler(String name, PollConfig config, List<PollWorkspace> workspaces, Optional<Cluster> cluster)
            throws SchedulerException {
        for (PollWorkspace p : workspaces) {
            JobKey key = jobKey(p.workspace(), p.table());
            if (polls.putIfAbsent(key, p) != null) {
                throw new IllegalArgumentException("two polls for the same job " + key.getName());
            }
        }
        // Quartz hands out an existing scheduler of the same name instead of a new one.
        if (SchedulerRepository.getInstance().lookup(name) != null) {
            throw new IllegalStateException("a Quartz scheduler named " + name + " already exists in this JVM");
        }
        StdSchedulerFactory factory;
        if (cluster.isPresent()) {
            Cluster c = cluster.get();
            String dsName = "acrwatch-" + c.nodeId();
            DBConnectionManager.getInstance().addConnectionProvider(dsName, new Connections(c.dataSource()));
            factory = new StdSchedulerFactory(QuartzProperties.clusteredJobStore(name, polls.size(), dsName,
                    c.nodeId(), c.checkin().toMillis()));
        } else {
            factory = new StdSchedulerFactory(QuartzProperties.ramJobStore(name, polls.size()));
        }
        this.scheduler = factory.getScheduler();
        if (cluster.isPresent()) {
            // Nodes of one cluster share the scheduler name; forgetting it here lets a test run two in one JVM.
            SchedulerRepository.getInstance().remove(name);
        }
        try {
            scheduler.setJobFactory(new PollJobFactory(polls));
            ScheduleBuilder<? extends Trigger> schedule = schedule(config);
            for (JobKey key : polls.keySet()) {
                // requestRecovery: a poll cut off by a dying node runs again on another at once.
                JobDetail job = JobBuilder.newJob(PollJob.class).withIdentity(key).storeDurably().requestRecovery()
                        .build();
                Trigger trigger = TriggerBuilder.newTrigger()
                        .withIdentity(key.getName(), GROUP)
                        .forJob(key)
                        .startNow()
                        .withSchedule(schedule)
                        .build();
                scheduler.scheduleJob(job, Set.of(trigger), true);
            }
        } catch (SchedulerException | RuntimeException e) {
            // Unregister the half-built scheduler so a corrected retry can use the same name.
            scheduler.shutdown(false);
            throw e;
        }
    }

    public PollScheduler(PollConfig config, List<PollWorkspace> workspaces) throws SchedulerException {
        this(DEFAULT_NAME, config, workspaces);
    }

    /** {@code poll.<workspace>.<table label>}. */
    public static JobKey jobKey(String workspace, LogTable table) {
        return JobKey.jobKey("poll." + workspace + "." + table.label(), GROUP);
    }

    // A missed fire is not replayed: the next poll covers the whole gap since the watermark anyway.
    static ScheduleBuilder<? extends Trigger> schedule(PollConfig config) {
        if (config.cron().isPresent()) {
            return CronScheduleBuilder.cronSchedule(config.cron().get())
                    .withMisfireHandlingInstructionDoNothing();
        }
        Duration every = config.interval();
        return SimpleScheduleBuilder.simpleSchedule()
                .withIntervalInMilliseconds(every.toMillis())
                .repeatForever()
                .withMisfireHandlingInstructionNextWithRemainingCount();
    }

    public void start() throws SchedulerException {
        scheduler.start();
    }

    /** Fires the job once now, outside its schedule; it still never overlaps a running poll. */
    public void triggerNow(String workspace, LogTable table) throws SchedulerException {
        JobKey key = jobKey(workspace, table);
        if (!polls.containsKey(key)) {
            throw new IllegalArgumentException("no poll job " + key.getName());
        }
        scheduler.triggerJob(key);
    }

    /** Names of all poll jobs, sorted. */
    public Set<String> jobNames() {
        Set<String> names = new TreeSet<>();
        polls.keySet().forEach(k -> names.add(k.getName()));
        return names;
    }

    /** Stops firing and waits for the polls in flight to finish, so none is cut mid-commit. */
    public void shutdown() throws SchedulerException {
        try {
            scheduler.shutdown(true);
        } finally {
            terminated.countDown();
        }
    }

    /** Stops firing without waiting for the polls in flight, as a killed process would (takeover tests). */
    public void halt() throws SchedulerException {
        try {
            scheduler.shutdown(false);
        } finally {
            terminated.countDown();
        }
    }

    /**
     * Waits until a {@link #shutdown()} running on another thread (e.g. the JVM shutdown hook)
     * has let the last poll finish.
     *
     * @return whether that happened within the timeout
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return terminated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Hands Quartz connections from the store's pool. */
    private record Connections(DataSource dataSource) implements ConnectionProvider {
        @Override
        public java.sql.Connection getConnection() throws java.sql.SQLException {
            return dataSource.getConnection();
        }

        @Override
        public void shutdown() {
        }

        @Override
        public void initialize() {
        }
    }

    /** The Quartz scheduler, for tests in this package. */
    Scheduler quartz() {
        return scheduler;
    }
}
