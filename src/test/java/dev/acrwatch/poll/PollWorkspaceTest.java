package dev.acrwatch.poll;

import dev.acrwatch.testing.MutableClock;
import static dev.acrwatch.poll.Fixtures.config;
import static dev.acrwatch.poll.Fixtures.row;
import static dev.acrwatch.poll.Fixtures.workspace;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.acrwatch.config.PollConfig;
import dev.acrwatch.config.WorkspaceConfig;
import dev.acrwatch.event.Classification;
import dev.acrwatch.event.FailureClass;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.source.IngestionInterval;
import dev.acrwatch.source.QueryFailureReason;
import dev.acrwatch.source.SourceException;
import dev.acrwatch.store.InMemoryStateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PollWorkspaceTest {

    private static final Instant NOON = Instant.parse("2026-11-23T12:00:00Z");

    private final MutableClock clock = new MutableClock(NOON);
    private final FakeEventSource source = new FakeEventSource();
    private final InMemoryStateStore store = new InMemoryStateStore();
    private final RecordingListener listener = new RecordingListener();
    private final Readiness readiness = new Readiness();

    private PollWorkspace.Builder builder(WorkspaceConfig ws, PollConfig cfg) {
        return PollWorkspace.builder(ws, LogTable.LOGIN)
                .config(cfg).source(source).store(store).listener(listener).readiness(readiness).clock(clock);
    }

    private PollWorkspace poll() {
        return builder(workspace("prod"), config()).build();
    }

    private Optional<Instant> watermark() {
        return store.watermark("prod", LogTable.LOGIN);
    }

    private static Instant at(String hhmmss) {
        return Instant.parse("2026-11-23T" + hhmmss + "Z");
    }

    private static IngestionInterval interval(String from, String to) {
        return new IngestionInterval(at(from), at(to));
    }

    @Test
    void consecutivePollsAskContiguousIntervalsWithoutGapOrOverlap() {
        PollWorkspace poll = poll();
        for (Duration step : List.of(Duration.ZERO, Duration.ofMinutes(1), Duration.ofSeconds(90),
                Duration.ofSeconds(17), Duration.ofMinutes(1))) {
            clock.advance(step);
            assertThat(poll.pollOnce().status()).isEqualTo(PollOutcome.Status.COMMITTED);
        }

        List<IngestionInterval> asked = source.asked();
        assertThat(asked).hasSize(5);
        assertThat(asked.get(0)).isEqualTo(interval("10:58:00", "11:58:00"));
        for (int i = 1; i < asked.size(); i++) {
            assertThat(asked.get(i).fromExclusive()).isEqualTo(asked.get(i - 1).toInclusive());
        }
        assertThat(asked.get(4).toInclusive()).isEqualTo(clock.instant().minus(Duration.ofMinutes(2)));
        assertThat(watermark()).contains(asked.get(4).toInclusive());
    }

    @Test
    void lateEventIsReportedOnceByThePollWhoseIngestionIntervalHoldsItInItsOwnMinute() {
        source.ingest(row("prodacr.azurecr.io", "401", 5, at("09:00:10"), at("12:30:30")));
        clock.set(at("12:25:00"));
        PollWorkspace poll = poll();
        for (int i = 0; i < 15; i++) {
            poll.pollOnce();
            clock.advance(Duration.ofMinutes(1));
        }

        List<PollReport> withRows = listener.committed.stream().filter(r -> !r.rows().isEmpty()).toList();
        assertThat(withRows).hasSize(1);
        PollReport report = withRows.get(0);
        assertThat(report.interval()).isEqualTo(interval("12:30:00", "12:31:00"));
        assertThat(report.rows()).singleElement().satisfies(c -> {
            assertThat(c.row().minute()).isEqualTo(at("09:00:00"));
            assertThat(c.row().count()).isEqualTo(5);
        });
    }

    @Test
    void failureOnSecondChunkKeepsFirstChunkAndNextPollResumesFromIt() {
        PollWorkspace poll = poll();
        poll.pollOnce(); // call 1: (10:58, 11:58]
        source.ingest(row("200", 1, at("12:30:00")))
                .ingest(row("403", 2, at("13:30:00")))
                .ingest(row("429", 3, at("14:30:00")));
        source.failCall(3, QueryFailureReason.THROTTLED);
        clock.set(at("15:00:00")); // gap (11:58, 14:58] → three one-hour chunks

        PollOutcome failed = poll.pollOnce();

        assertThat(failed.status()).isEqualTo(PollOutcome.Status.FAILED);
        assertThat(failed.committed()).extracting(PollReport::interval)
                .containsExactly(interval("11:58:00", "12:58:00"));
        assertThat(failed.failedInterval()).contains(interval("12:58:00", "13:58:00"));
        assertThat(failed.newWatermark()).contains(at("12:58:00"));
        assertThat(watermark()).contains(at("12:58:00"));
        assertThat(listener.failures).extracting(SourceException::reason).containsExactly(QueryFailureReason.THROTTLED);

        clock.advance(Duration.ofMinutes(1));
        PollOutcome retried = poll.pollOnce();

        assertThat(retried.status()).isEqualTo(PollOutcome.Status.COMMITTED);
        assertThat(source.asked().subList(3, source.asked().size())).extracting(IngestionInterval::fromExclusive)
                .containsExactly(at("12:58:00"), at("13:58:00"), at("14:58:00"));
        assertThat(listener.rows()).extracting(c -> c.row().status()).containsExactly("200", "403", "429");
        assertThat(watermark()).contains(at("14:59:00"));
    }

    @Test
    void newInstanceOnSameStoreContinuesFromStoredWatermark() {
        PollWorkspace before = poll();
        before.pollOnce();
        clock.advance(Duration.ofMinutes(1));
        before.pollOnce();
        source.ingest(row("prodacr.azurecr.io", "401", 1, at("11:59:20"), at("11:59:30")));

        PollWorkspace afterRestart = poll();
        clock.advance(Duration.ofMinutes(1));
        afterRestart.pollOnce();

        assertThat(source.asked()).extracting(IngestionInterval::toString).containsExactly(
                interval("10:58:00", "11:58:00").toString(),
                interval("11:58:00", "11:59:00").toString(),
                interval("11:59:00", "12:00:00").toString());
        assertThat(listener.rows()).hasSize(1);
    }

    @Test
    void firstPollLooksBackInitialLookbackWithoutReportingACut() {
        PollOutcome outcome = poll().pollOnce();

        assertThat(outcome.committed()).singleElement().satisfies(r -> {
            assertThat(r.interval()).isEqualTo(interval("10:58:00", "11:58:00"));
            assertThat(r.cutByCatchUpCap()).isZero();
        });
    }

    @Test
    void firstPollLookbackLongerThanCatchUpCapIsClampedToTheCap() {
        PollConfig d = config();
        PollConfig eightHours = new PollConfig(d.interval(), d.cron(), d.settle(), d.maxCatchUp(),
                Duration.ofHours(8), d.lateTolerance(), d.serverTimeout(), d.maxAttempts(),
                d.retryBaseDelay(), d.splitRows());

        PollOutcome outcome = builder(workspace("prod"), eightHours).build().pollOnce();

        assertThat(source.asked().get(0).fromExclusive()).isEqualTo(at("05:58:00"));
        assertThat(outcome.committed()).hasSize(6).allSatisfy(r -> assertThat(r.cutByCatchUpCap()).isZero());
    }

    @Test
    void catchUpBeyondCapSkipsOldestPartWarnsOnceAndReportsTheCut() {
        PollWorkspace poll = poll();
        poll.pollOnce();
        source.ingest(row("401", 1, at("13:00:00")))   // in the skipped part
                .ingest(row("403", 1, at("16:30:00")));
        clock.set(at("22:00:00")); // hi 21:58, cap floor 15:58: 4 h are cut

        try (LogCapture log = new LogCapture(PollWorkspace.class)) {
            PollOutcome outcome = poll.pollOnce();
            clock.advance(Duration.ofMinutes(1));
            PollOutcome next = poll.pollOnce();

            assertThat(outcome.committed()).hasSize(6);
            assertThat(outcome.committed().get(0).interval().fromExclusive()).isEqualTo(at("15:58:00"));
            assertThat(outcome.committed()).extracting(PollReport::cutByCatchUpCap)
                    .containsExactly(Duration.ofHours(4), Duration.ZERO, Duration.ZERO, Duration.ZERO,
                            Duration.ZERO, Duration.ZERO);
            assertThat(next.committed()).singleElement()
                    .satisfies(r -> assertThat(r.cutByCatchUpCap()).isZero());
            assertThat(log.messages(Level.WARN)).singleElement().satisfies(m -> assertThat(m)
                    .contains("prod/login", "(2026-11-23T11:58:00Z, 2026-11-23T15:58:00Z]", "PT4H"));
        }
        assertThat(listener.rows()).extracting(c -> c.row().status()).containsExactly("403");
    }

    @Test
    void cutIsReportedByThePollThatCommitsItNotByOneThatFailed() {
        PollWorkspace poll = poll();
        poll.pollOnce();
        source.failCall(2, QueryFailureReason.TIMEOUT);
        clock.set(at("22:00:00"));

        try (LogCapture log = new LogCapture(PollWorkspace.class)) {
            PollOutcome failed = poll.pollOnce();
            assertThat(failed.committed()).isEmpty();
            assertThat(log.messages(Level.WARN)).isEmpty();
            assertThat(watermark()).contains(at("11:58:00"));

            clock.advance(Duration.ofMinutes(1));
            PollOutcome ok = poll.pollOnce();

            assertThat(ok.committed().get(0).cutByCatchUpCap()).isEqualTo(Duration.ofHours(4).plusMinutes(1));
            assertThat(log.messages(Level.WARN)).hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(QueryFailureReason.class)
    void sourceFailureLeavesWatermarkAndReportsTheFailure(QueryFailureReason reason) {
        PollWorkspace poll = poll();
        poll.pollOnce();
        Instant successAt = readiness.lastSuccess("prod", LogTable.LOGIN).orElseThrow();
        source.failCall(2, reason);
        clock.advance(Duration.ofMinutes(5));

        PollOutcome outcome = poll.pollOnce();

        assertThat(outcome.status()).isEqualTo(PollOutcome.Status.FAILED);
        assertThat(outcome.failure()).get().isInstanceOfSatisfying(SourceException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
        assertThat(watermark()).contains(at("11:58:00"));
        assertThat(listener.failures).extracting(SourceException::reason).containsExactly(reason);
        assertThat(listener.committed).hasSize(1);
        assertThat(readiness.lastSuccess("prod", LogTable.LOGIN)).contains(successAt);

        poll.pollOnce();
        assertThat(source.asked().get(2)).isEqualTo(interval("11:58:00", "12:03:00"));
    }

    @Test
    void throwingListenerIsLoggedAndTheCommitStands() {
        PollListener broken = new PollListener() {
            @Override
            public void onPollCommitted(PollReport report) {
                throw new IllegalStateException("metrics broke");
            }

            @Override
            public void onPollFailed(String workspace, LogTable table, SourceException failure) {
                throw new IllegalStateException("metrics broke");
            }
        };
        PollWorkspace poll = builder(workspace("prod"), config()).listener(broken).build();

        try (LogCapture log = new LogCapture(PollWorkspace.class)) {
            PollOutcome outcome = poll.pollOnce();
            assertThat(outcome.status()).isEqualTo(PollOutcome.Status.COMMITTED);
            assertThat(log.messages(Level.ERROR)).singleElement().asString().contains("listener failed");
        }
        assertThat(watermark()).contains(at("11:58:00"));
        assertThat(readiness.isReady()).isTrue();

        clock.advance(Duration.ofMinutes(1));
        poll.pollOnce();
        assertThat(source.asked().get(1)).isEqualTo(interval("11:58:00", "11:59:00"));
    }

    @Test
    void throwingCommitStepAbortsTheWholeCommitAndTheIntervalIsAskedAgain() {
        source.ingest(row("401", 4, at("11:30:00")));
        AtomicBoolean diskFull = new AtomicBoolean(true);
        PollWorkspace poll = builder(workspace("prod"), config())
                .commitStep((pending, tx) -> {
                    if (diskFull.get()) {
                        throw new IllegalStateException("disk full");
                    }
                })
                .build();

        PollOutcome failed = poll.pollOnce();

        assertThat(failed.status()).isEqualTo(PollOutcome.Status.FAILED);
        assertThat(failed.failure()).get().extracting(Throwable::getMessage).isEqualTo("disk full");
        assertThat(watermark()).isEmpty();
        assertThat(listener.committed).isEmpty();
        assertThat(readiness.isReady()).isFalse();

        diskFull.set(false);
        clock.advance(Duration.ofMinutes(1));
        poll.pollOnce();

        assertThat(source.asked()).extracting(IngestionInterval::fromExclusive)
                .containsExactly(at("10:58:00"), at("10:59:00"));
        assertThat(listener.rows()).extracting(c -> c.row().count()).containsExactly(4L);
    }

    @Test
    void commitStepSeesClassifiedRowsInsideTheTransactionBeforeTheWatermarkMoves() {
        source.ingest(row("401", 4, at("11:30:00")));
        List<PollReport> seen = new ArrayList<>();
        List<Optional<Instant>> watermarkSeen = new ArrayList<>();
        PollWorkspace poll = builder(workspace("prod"), config())
                .commitStep((pending, tx) -> {
                    seen.add(pending);
                    watermarkSeen.add(watermark());
                })
                .build();

        poll.pollOnce();

        assertThat(watermarkSeen).containsExactly(Optional.empty());
        assertThat(seen).singleElement().satisfies(r -> {
            assertThat(r.newWatermark()).isEqualTo(at("11:58:00"));
            assertThat(r.rows()).singleElement().extracting(ClassifiedCount::classification)
                    .isEqualTo(new Classification(FailureClass.UNAUTHORIZED, Classification.REASON_REJECTED_CREDENTIALS));
        });
        assertThat(listener.committed).containsExactlyElementsOf(seen);
    }

    @Test
    void rowsOfRegistriesOutsideTheFilterAreDroppedIgnoringCase() {
        Instant t = at("11:30:00");
        source.ingest(row("prodacr.azurecr.io", "200", 1, t, t.plusSeconds(5)))
                .ingest(row("PRODACR.AzureCR.io", "401", 2, t, t.plusSeconds(5)))
                .ingest(row("otheracr.azurecr.io", "403", 3, t, t.plusSeconds(5)));

        builder(workspace("prod", "ProdAcr.azurecr.io"), config()).build().pollOnce();

        assertThat(listener.rows()).extracting(c -> c.row().count()).containsExactly(1L, 2L);
    }

    @Test
    void withoutRegistryFilterEveryRowIsKept() {
        Instant t = at("11:30:00");
        source.ingest(row("prodacr.azurecr.io", "200", 1, t, t.plusSeconds(5)))
                .ingest(row("otheracr.azurecr.io", "403", 3, t, t.plusSeconds(5)));

        poll().pollOnce();

        assertThat(listener.rows()).hasSize(2);
    }

    @Test
    void pollWithNothingNewAsksNothing() {
        PollWorkspace poll = poll();
        poll.pollOnce();

        PollOutcome again = poll.pollOnce();
        clock.set(at("11:00:00")); // clock stepped back behind the watermark
        PollOutcome behind = poll.pollOnce();

        assertThat(again.status()).isEqualTo(PollOutcome.Status.UP_TO_DATE);
        assertThat(behind.status()).isEqualTo(PollOutcome.Status.UP_TO_DATE);
        assertThat(source.asked()).hasSize(1);
        assertThat(watermark()).contains(at("11:58:00"));
    }

    @Test
    void intervalEndIsTruncatedToWholeMilliseconds() {
        clock.set(NOON.plusNanos(123_456_789));

        poll().pollOnce();

        assertThat(source.asked().get(0).toInclusive()).isEqualTo(Instant.parse("2026-11-23T11:58:00.123Z"));
    }

    @Test
    void chunkIsNeverShorterThanTheInterval() {
        PollConfig d = config();
        PollConfig everyTwoHours = new PollConfig(Duration.ofHours(2), d.cron(), d.settle(), d.maxCatchUp(),
                Duration.ofHours(4), d.lateTolerance(), d.serverTimeout(), d.maxAttempts(),
                d.retryBaseDelay(), d.splitRows());

        builder(workspace("prod"), everyTwoHours).build().pollOnce();

        assertThat(source.asked()).containsExactly(interval("07:58:00", "09:58:00"), interval("09:58:00", "11:58:00"));
    }

    @Test
    void failedFirstPollLeavesTheTableNotReady() {
        source.failCall(1, QueryFailureReason.AUTH);
        PollWorkspace poll = poll();

        poll.pollOnce();

        assertThat(readiness.notReadyReasons()).containsExactly("workspace prod table login: no successful poll yet");
        clock.advance(Duration.ofMinutes(1));
        poll.pollOnce();
        assertThat(readiness.isReady()).isTrue();
        assertThat(readiness.lastSuccess("prod")).contains(clock.instant());
    }
}
