package dev.acrwatch.schedule;

import dev.acrwatch.testing.MutableClock;
import static dev.acrwatch.poll.Fixtures.workspace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.acrwatch.config.PollConfig;
import dev.acrwatch.event.LogTable;
import ch.qos.logback.classic.Level;
import dev.acrwatch.poll.FakeEventSource;
import dev.acrwatch.poll.LogCapture;
import dev.acrwatch.poll.PollWorkspace;
import dev.acrwatch.poll.RecordingListener;
import dev.acrwatch.source.QueryFailureReason;
import dev.acrwatch.store.InMemoryStateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.quartz.CronTrigger;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.impl.matchers.GroupMatcher;

class PollSchedulerTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final InMemoryStateStore store = new InMemoryStateStore();
    private final MutableClock clock = MutableClock.at("2026-11-23T12:00:00Z");
    private final List<PollScheduler> schedulers = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private String name;

    @BeforeEach
    void nameScheduler(TestInfo info) {
        // Quartz keeps schedulers in a JVM-wide registry by name: one name per test.
        this.name = "test-" + info.getTestMethod().orElseThrow().getName();
    }

    @AfterEach
    void shutdown() throws Exception {
        release.countDown();
        for (PollScheduler s : schedulers) {
            s.shutdown();
        }
    }

    private static PollConfig every(Duration interval, Optional<String> cron) {
        PollConfig d = PollConfig.defaults();
        return new PollConfig(interval, cron, d.settle(), d.maxCatchUp(), d.initialLookback(),
                d.lateTolerance(), d.serverTimeout(), d.maxAttempts(), d.retryBaseDelay(), d.splitRows());
    }

    private PollWorkspace poll(String ws, LogTable table, FakeEventSource source, RecordingListener listener, Clock c) {
        return PollWorkspace.builder(workspace(ws), table)
                .config(PollConfig.defaults()).source(source).store(store).listener(listener).clock(c).build();
    }

    private PollScheduler scheduler(PollConfig config, PollWorkspace... polls) throws Exception {
        PollScheduler s = new PollScheduler(name, config, List.of(polls));
        schedulers.add(s);
        return s;
    }

    @Test
    void oneJobPerWorkspaceAndTableWithItsKeyAndARepeatingTrigger() throws Exception {
        FakeEventSource source = new FakeEventSource();
        RecordingListener listener = new RecordingListener();
        PollScheduler s = scheduler(every(Duration.ofSeconds(60), Optional.empty()),
                poll("prod", LogTable.LOGIN, source, listener, clock),
                poll("prod", LogTable.REPOSITORY, source, listener, clock),
                poll("staging", LogTable.LOGIN, source, listener, clock),
                poll("staging", LogTable.REPOSITORY, source, listener, clock));

        Set<String> expected = Set.of("poll.prod.login", "poll.prod.repository",
                "poll.staging.login", "poll.staging.repository");
        assertThat(s.jobNames()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(s.quartz().getJobKeys(GroupMatcher.anyJobGroup()))
                .extracting(k -> k.getName()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(s.quartz().getMetaData().getThreadPoolSize()).isEqualTo(4);
        assertThat(s.quartz().getSchedulerName()).isEqualTo(name);
        for (String job : expected) {
            List<? extends Trigger> triggers = s.quartz().getTriggersOfJob(
                    org.quartz.JobKey.jobKey(job, PollScheduler.GROUP));
            assertThat(triggers).singleElement().isInstanceOfSatisfying(SimpleTrigger.class, t -> {
                assertThat(t.getRepeatInterval()).isEqualTo(60_000L);
                assertThat(t.getRepeatCount()).isEqualTo(SimpleTrigger.REPEAT_INDEFINITELY);
                assertThat(t.getMisfireInstruction())
                        .isEqualTo(SimpleTrigger.MISFIRE_INSTRUCTION_RESCHEDULE_NEXT_WITH_REMAINING_COUNT);
            });
        }
    }

    @Test
    void cronConfigGivesACronTriggerThatDoesNotReplayMisfires() throws Exception {
        PollScheduler s = scheduler(every(Duration.ofSeconds(60), Optional.of("0 */5 * * * ?")),
                poll("prod", LogTable.LOGIN, new FakeEventSource(), new RecordingListener(), clock));

        assertThat(s.quartz().getTriggersOfJob(PollScheduler.jobKey("prod", LogTable.LOGIN)))
                .singleElement().isInstanceOfSatisfying(CronTrigger.class, t -> {
                    assertThat(t.getCronExpression()).isEqualTo("0 */5 * * * ?");
                    assertThat(t.getMisfireInstruction()).isEqualTo(CronTrigger.MISFIRE_INSTRUCTION_DO_NOTHING);
                });
    }

    @Test
    void jobNeverRunsConcurrentlyWithItself() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        AtomicInteger entered = new AtomicInteger();
        FakeEventSource source = new FakeEventSource().hook(interval -> {
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            entered.incrementAndGet();
            try {
                release.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                running.decrementAndGet();
            }
        });
        RecordingListener listener = new RecordingListener();
        // A second job gives the pool a second thread, so only the job's own guard can prevent overlap.
        PollScheduler s = scheduler(every(Duration.ofHours(1), Optional.empty()),
                poll("prod", LogTable.LOGIN, source, listener, clock),
                poll("staging", LogTable.LOGIN, new FakeEventSource(), new RecordingListener(), clock));
        assertThat(s.quartz().getMetaData().getThreadPoolSize()).isEqualTo(2);

        s.start(); // first fire is immediate and blocks in the source
        await().atMost(PATIENCE).until(() -> entered.get() == 1);
        clock.advance(Duration.ofMinutes(1));
        s.triggerNow("prod", LogTable.LOGIN);

        await().during(Duration.ofMillis(300)).atMost(PATIENCE).until(() -> entered.get() == 1);
        release.countDown();
        await().atMost(PATIENCE).until(() -> listener.committed.size() == 2);
        assertThat(maxRunning.get()).isEqualTo(1);
        assertThat(source.asked().get(1).fromExclusive()).isEqualTo(source.asked().get(0).toInclusive());
    }

    @Test
    void shutdownWaitsForThePollInFlightToCommit() throws Exception {
        AtomicInteger entered = new AtomicInteger();
        FakeEventSource source = new FakeEventSource().hook(interval -> {
            entered.incrementAndGet();
            try {
                release.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        PollScheduler s = scheduler(every(Duration.ofHours(1), Optional.empty()),
                poll("prod", LogTable.LOGIN, source, new RecordingListener(), clock));
        s.start();
        await().atMost(PATIENCE).until(() -> entered.get() == 1);

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> {
            try {
                s.shutdown();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        await().during(Duration.ofMillis(300)).atMost(PATIENCE).until(() -> !stopping.isDone());
        assertThat(s.awaitTermination(Duration.ofMillis(10))).isFalse();
        release.countDown();
        stopping.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(store.watermark("prod", LogTable.LOGIN)).contains(Instant.parse("2026-11-23T11:58:00Z"));
        assertThat(s.awaitTermination(Duration.ZERO)).isTrue();
    }

    @Test
    void aWorkspaceWhoseSourceAlwaysFailsDoesNotStopAnotherWorkspacesPolls() throws Exception {
        FakeEventSource failing = new FakeEventSource().failAlways(QueryFailureReason.SERVER);
        FakeEventSource crashing = new FakeEventSource().hook(interval -> {
            throw new IllegalStateException("adapter bug");
        });
        FakeEventSource healthy = new FakeEventSource();
        RecordingListener failingListener = new RecordingListener();
        RecordingListener crashingListener = new RecordingListener();
        RecordingListener healthyListener = new RecordingListener();
        // Real time here: each 50 ms poll must find a new interval to commit.
        Clock real = Clock.systemUTC();
        PollScheduler s = scheduler(every(Duration.ofMillis(50), Optional.empty()),
                poll("broken", LogTable.LOGIN, failing, failingListener, real),
                poll("buggy", LogTable.LOGIN, crashing, crashingListener, real),
                poll("prod", LogTable.LOGIN, healthy, healthyListener, real));

        try (LogCapture log = new LogCapture(PollJob.class)) {
            s.start();

            await().atMost(PATIENCE).until(() -> failingListener.failures.size() >= 3
                    && crashing.asked().size() >= 3 && healthyListener.committed.size() >= 3);
            assertThat(log.messages(Level.WARN)).first().asString()
                    .startsWith("poll broken/login failed (server) on ingestion time (");
            assertThat(log.messages(Level.ERROR)).first().isEqualTo("poll buggy/login crashed");
        }
        assertThat(store.watermark("broken", LogTable.LOGIN)).isEmpty();
        assertThat(store.watermark("buggy", LogTable.LOGIN)).isEmpty();
        assertThat(store.watermark("prod", LogTable.LOGIN)).isPresent();
    }

    @Test
    void unknownOrDuplicateJobsAreRejected() throws Exception {
        FakeEventSource source = new FakeEventSource();
        RecordingListener listener = new RecordingListener();
        PollScheduler s = scheduler(every(Duration.ofSeconds(60), Optional.empty()),
                poll("prod", LogTable.LOGIN, source, listener, clock));

        assertThatThrownBy(() -> s.triggerNow("prod", LogTable.REPOSITORY))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no poll job poll.prod.repository");
        assertThatThrownBy(() -> new PollScheduler(name + "-dup", every(Duration.ofSeconds(60), Optional.empty()),
                List.of(poll("prod", LogTable.LOGIN, source, listener, clock),
                        poll("prod", LogTable.LOGIN, source, listener, clock))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("two polls for the same job poll.prod.login");
        assertThatThrownBy(() -> new PollScheduler(name, every(Duration.ofSeconds(60), Optional.empty()),
                List.of(poll("staging", LogTable.LOGIN, source, listener, clock))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("a Quartz scheduler named " + name + " already exists in this JVM");
    }

    @Test
    void badCronExpressionFailsAndFreesTheSchedulerName() throws Exception {
        PollWorkspace p = poll("prod", LogTable.LOGIN, new FakeEventSource(), new RecordingListener(), clock);

        assertThatThrownBy(() -> new PollScheduler(name, every(Duration.ofSeconds(60), Optional.of("every 5 minutes")),
                List.of(p))).isInstanceOf(RuntimeException.class);

        PollScheduler s = scheduler(every(Duration.ofSeconds(60), Optional.empty()), p);
        assertThat(s.jobNames()).containsExactly("poll.prod.login");
    }
}
