package dev.acrwatch.poll;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acrwatch.event.LogTable;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReadinessTest {

    private static final Instant T1 = Instant.parse("2026-11-23T12:00:00Z");
    private static final Instant T2 = Instant.parse("2026-11-23T12:05:00Z");

    private final Readiness readiness = new Readiness();

    @Test
    void notReadyUntilEveryWorkspaceTableHasSucceededOnce() {
        readiness.register("prod", LogTable.LOGIN);
        readiness.register("prod", LogTable.REPOSITORY);
        readiness.register("staging", LogTable.LOGIN);
        readiness.register("prod", LogTable.LOGIN);

        assertThat(readiness.notReadyReasons()).containsExactly(
                "workspace prod table login: no successful poll yet",
                "workspace prod table repository: no successful poll yet",
                "workspace staging table login: no successful poll yet");

        readiness.markSucceeded("prod", LogTable.LOGIN, T1);
        readiness.markSucceeded("staging", LogTable.LOGIN, T1);
        assertThat(readiness.isReady()).isFalse();
        assertThat(readiness.notReadyReasons()).containsExactly(
                "workspace prod table repository: no successful poll yet");

        readiness.markSucceeded("prod", LogTable.REPOSITORY, T2);
        assertThat(readiness.isReady()).isTrue();
    }

    @Test
    void workspaceLastSuccessIsItsOldestTableSoABlindTableShows() {
        readiness.register("prod", LogTable.LOGIN);
        readiness.register("prod", LogTable.REPOSITORY);
        readiness.markSucceeded("prod", LogTable.LOGIN, T2);

        assertThat(readiness.lastSuccess("prod")).isEmpty();
        assertThat(readiness.lastSuccess("prod", LogTable.LOGIN)).contains(T2);

        readiness.markSucceeded("prod", LogTable.REPOSITORY, T1);
        assertThat(readiness.lastSuccess("prod")).contains(T1);
        assertThat(readiness.lastSuccess("unknown")).isEmpty();
    }

    @Test
    void lastSuccessNeverMovesBackwards() {
        readiness.markSucceeded("prod", LogTable.LOGIN, T2);
        readiness.markSucceeded("prod", LogTable.LOGIN, T1);

        assertThat(readiness.lastSuccess("prod", LogTable.LOGIN)).contains(T2);
    }
}
