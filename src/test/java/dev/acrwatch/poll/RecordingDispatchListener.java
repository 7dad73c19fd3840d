package dev.acrwatch.poll;

import dev.acrwatch.notify.FailureReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Collects dispatch events as "receiver outcome reason" strings. */
final class RecordingDispatchListener implements DispatchListener {

    private final List<String> events = new ArrayList<>();

    @Override
    public synchronized void onAttempt(String receiver, Outcome outcome, Optional<FailureReason> reason) {
        events.add(receiver + " " + outcome.label() + reason.map(r -> " " + r.label()).orElse(""));
    }

    synchronized List<String> events() {
        return List.copyOf(events);
    }
}
