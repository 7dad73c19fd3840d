package dev.acrwatch.alert;

import dev.acrwatch.rule.InvalidRuleException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Mutes matching alerts while now is in [startsAt, endsAt). Expires by itself. */
public record Silence(
        String id,
        List<LabelMatcher> matchers,
        Instant startsAt,
        Instant endsAt,
        String createdBy,
        String comment) {

    public Silence {
        Objects.requireNonNull(id, "id");
        matchers = matchers == null ? List.of() : List.copyOf(matchers);
        if (matchers.isEmpty()) {
            throw new InvalidRuleException("matchers", "a silence needs at least one matcher");
        }
        if (matchers.stream().allMatch(m -> m.matches(Map.of()))) {
            throw new InvalidRuleException("matchers", "every matcher matches an empty label, so the silence would mute"
                    + " every alert; add one like registry=\"myregistry\", found " + matchers);
        }
        Objects.requireNonNull(startsAt, "startsAt");
        if (endsAt == null || endsAt.isBefore(startsAt)) {
            throw new InvalidRuleException("endsAt", "must not be before startsAt (" + startsAt + "), found " + endsAt);
        }
        if (createdBy == null || createdBy.isBlank()) {
            throw new InvalidRuleException("createdBy", "say who creates the silence");
        }
        if (comment == null || comment.isBlank()) {
            throw new InvalidRuleException("comment", "say why the alerts are silenced");
        }
    }

    public boolean isActive(Instant now) {
        return !now.isBefore(startsAt) && now.isBefore(endsAt);
    }

    public boolean isExpired(Instant now) {
        return !now.isBefore(endsAt);
    }

    public boolean matches(Map<String, String> labels) {
        return LabelMatcher.all(matchers, labels);
    }
}
