package dev.acrwatch.schedule;

import dev.acrwatch.poll.PollWorkspace;
import java.util.Map;
import org.quartz.Job;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.spi.JobFactory;
import org.quartz.spi.TriggerFiredBundle;

/** Hands each fired job its use case by job key, so jobs need no static state or lookups. */
final class PollJobFactory implements JobFactory {

    private final Map<JobKey, PollWorkspace> polls;

    PollJobFactory(Map<JobKey, PollWorkspace> polls) {
        this.polls = Map.copyOf(polls);
    }

    @Override
    public Job newJob(TriggerFiredBundle bundle, Scheduler scheduler) throws SchedulerException {
        JobKey key = bundle.getJobDetail().getKey();
        PollWorkspace poll = polls.get(key);
        if (poll == null) {
            throw new SchedulerException("no poll use case for job " + key);
        }
        return new PollJob(poll);
    }
}
