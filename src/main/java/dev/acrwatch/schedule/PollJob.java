package dev.acrwatch.schedule;

import dev.acrwatch.poll.PollOutcome;
import dev.acrwatch.poll.PollWorkspace;
import dev.acrwatch.source.IngestionInterval;
import dev.acrwatch.source.SourceException;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Thin Quartz job: runs one poll of its (workspace, table) and logs how it ended. */
@DisallowConcurrentExecution
final class PollJob implements Job {

    private static final Logger log = LoggerFactory.getLogger(PollJob.class);

    private final PollWorkspace poll;

    PollJob(PollWorkspace poll) {
        this.poll = poll;
    }

    @Override
    public void execute(JobExecutionContext context) {
        // Never throw to Quartz: the next trigger retries the same interval anyway, and an
        // exception would only make Quartz log the job as broken.
        try {
            PollOutcome outcome = poll.pollOnce();
            if (outcome.status() == PollOutcome.Status.FAILED) {
                Exception e = outcome.failure().orElseThrow();
                String reason = e instanceof SourceException se ? se.reason().label() : "commit";
                IngestionInterval failed = outcome.failedInterval().orElseThrow();
                log.warn("poll {}/{} failed ({}) on ingestion time {}: {}; the next poll retries"
                                + " from the last committed watermark",
                        poll.workspace(), poll.table().label(), reason, failed, e.getMessage());
            } else if (log.isDebugEnabled()) {
                log.debug("poll {}/{} {}: {} events", poll.workspace(), poll.table().label(),
                        outcome.status(), outcome.eventsCommitted());
            }
        } catch (RuntimeException e) {
            log.error("poll {}/{} crashed", poll.workspace(), poll.table().label(), e);
        }
    }
}
