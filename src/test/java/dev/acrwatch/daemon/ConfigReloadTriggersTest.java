package dev.acrwatch.daemon;

import static dev.acrwatch.daemon.ConfigReloaderTest.ENV;
import static dev.acrwatch.daemon.ConfigReloaderTest.NOW;
import static dev.acrwatch.daemon.ConfigReloaderTest.config;
import static dev.acrwatch.daemon.ConfigReloaderTest.threshold;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.acrwatch.config.AcrWatchConfig;
import dev.acrwatch.config.ConfigLoader;
import dev.acrwatch.metrics.ReloadMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** SIGHUP, the file watcher and bursts of triggers. */
class ConfigReloadTriggersTest {

    @TempDir
    Path dir;
    Path file;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final List<AcrWatchConfig> applied = new CopyOnWriteArrayList<>();
    ConfigReloader reloader;

    @BeforeEach
    void start() throws Exception {
        file = dir.resolve("acr-watch.yaml");
        write(config(10));
    }

    ConfigReloader reloader(Reloadable target) throws Exception {
        reloader = new ConfigReloader(file, ENV, ConfigLoader.load(file, ENV), target, Clock.fixed(NOW, ZoneOffset.UTC),
                new ReloadMetrics(registry, NOW, ConfigReloader.hashOf(file).orElseThrow()));
        return reloader;
    }

    @AfterEach
    void stop() {
        if (reloader != null) {
            reloader.close();
        }
    }

    void write(String yaml) throws IOException {
        Path tmp = Files.createTempFile(dir, "next", ".tmp");
        Files.writeString(tmp, yaml, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    double reloads(String result) {
        return registry.get("acrwatch_config_reloads_total").tag("result", result).counter().count();
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void sighupToThisJvmReloadsTheFile() throws Exception {
        reloader(applied::add).reloadOnSighup();
        write(config(25));

        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(ProcessHandle.current().pid()))
                .redirectErrorStream(true).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();

        await().atMost(Duration.ofSeconds(10)).until(() -> applied.size() == 1);
        assertThat(threshold(applied.get(0))).isEqualTo(25);
    }

    @Test
    void changedFileIsAppliedByTheWatcher() throws Exception {
        reloader(applied::add).watchFile(Duration.ofMillis(20));

        write(config(25));

        await().atMost(Duration.ofSeconds(10)).until(() -> applied.size() == 1);
        assertThat(threshold(applied.get(0))).isEqualTo(25);
        assertThat(reloader.current()).isSameAs(applied.get(0));
    }

    @Test
    void halfWrittenFileIsRejectedAndTheFinishedOneApplied() throws Exception {
        reloader(applied::add).watchFile(Duration.ofMillis(20));

        // an editor that truncates and writes in two steps: the watcher may see the first half
        Files.writeString(file, config(25).substring(0, 40));
        await().atMost(Duration.ofSeconds(10)).until(() -> reloads("failure") == 1);
        Files.writeString(file, config(25));

        await().atMost(Duration.ofSeconds(10)).until(() -> applied.size() == 1);
        assertThat(threshold(applied.get(0))).isEqualTo(25);
        assertThat(registry.get("acrwatch_config_last_reload_successful").gauge().value()).isEqualTo(1);
    }

    @Test
    void twoQuickEditsEndWithTheLastOneApplied() throws Exception {
        reloader(applied::add).watchFile(Duration.ofMillis(20));

        write("workspaces: [");
        write(config(30));

        await().atMost(Duration.ofSeconds(10)).until(() -> !applied.isEmpty());
        assertThat(applied).singleElement().satisfies(c -> assertThat(threshold(c)).isEqualTo(30));
        assertThat(reloader.current()).isSameAs(applied.get(0));
    }

    @Test
    void burstOfTriggersDuringAReloadQueuesOneMoreThatReadsTheNewestFile() throws Exception {
        CountDownLatch firstApplyEntered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        reloader(next -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            applied.add(next);
            firstApplyEntered.countDown();
            release.await();
            running.decrementAndGet();
        });
        write(config(20));
        reloader.requestReload("SIGHUP");
        assertThat(firstApplyEntered.await(10, TimeUnit.SECONDS)).isTrue();

        write(config(21));
        for (int i = 0; i < 5; i++) {
            reloader.requestReload("SIGHUP");
        }
        write(config(22));
        release.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> reloads("success") == 2);
        assertThat(applied).extracting(ConfigReloaderTest::threshold).containsExactly(20L, 22L);
        assertThat(mostAtOnce).hasValue(1);
    }

    @Test
    void afterCloseTriggersAreIgnoredAndOnlyADirectReloadRuns() throws Exception {
        reloader(applied::add).watchFile(Duration.ofMillis(20));
        reloader.close();

        write(config(25));

        // the reload thread is gone, so a direct reload is the only way left and it still works
        assertThat(reloader.reloadNow("test").status()).isEqualTo(ConfigReloader.Status.APPLIED);
        assertThat(applied).hasSize(1);
        reloader.requestReload("SIGHUP");
        assertThat(applied).hasSize(1);
    }

    @Test
    void closeDuringAReloadDoesNotWaitForItAndDropsTheQueuedOne() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        reloader(next -> {
            applied.add(next);
            entered.countDown();
            release.await();
        });
        write(config(20));
        reloader.requestReload("SIGHUP");
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        write(config(21));
        reloader.requestReload("SIGHUP");

        assertTimeoutPreemptively(Duration.ofSeconds(10), reloader::close);
        release.countDown();

        assertThat(reloader.awaitStopped(Duration.ofSeconds(10))).isTrue();
        assertThat(applied).extracting(ConfigReloaderTest::threshold).containsExactly(20L);
    }
}
