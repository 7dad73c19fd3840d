package dev.acrwatch.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SilenceRegistryTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private Instant now = T0;
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final AtomicInteger ids = new AtomicInteger();
    private final SilenceRegistry registry = new SilenceRegistry(clock, () -> "s" + ids.incrementAndGet(), List.of());

    private static final Map<String, String> PROD_AUTH = Map.of("rule", "auth", "registry", "prodacr",
            "class", "unauthorized");

    @Test
    void equalNotEqualAndAnchoredRegexMatchers() {
        assertThat(LabelMatcher.parse("registry=prodacr").matches(PROD_AUTH)).isTrue();
        assertThat(LabelMatcher.parse("registry!=prodacr").matches(PROD_AUTH)).isFalse();
        assertThat(LabelMatcher.parse("registry=~\"prod.*\"").matches(PROD_AUTH)).isTrue();
        assertThat(LabelMatcher.parse("registry=~prod").matches(PROD_AUTH)).isFalse(); // anchored: whole value
        assertThat(LabelMatcher.parse("registry!~dev.*").matches(PROD_AUTH)).isTrue();
        assertThat(LabelMatcher.parse("identity=").matches(PROD_AUTH)).isTrue(); // missing label is ""
    }

    @Test
    void invalidRegexNamesLabelAndValue() {
        assertThatThrownBy(() -> LabelMatcher.parse("registry=~(prod"))
                .hasMessageStartingWith("matchers: invalid regular expression for registry: \"(prod\"");
    }

    @Test
    void unparseableMatcherIsQuoted() {
        assertThatThrownBy(() -> LabelMatcher.parse("registry~prod"))
                .hasMessage("matchers: expected name=value, name!=value, name=~regex or name!~regex, found \"registry~prod\"");
    }

    @Test
    void silenceIsActiveFromStartUntilItsEndAndExpiresByItself() {
        var change = registry.add(List.of(LabelMatcher.eq("registry", "prodacr")), null, T0.plusSeconds(3600),
                "alice", "rotating the CI service principal");
        assertThat(change).isEqualTo(new SilenceChange("create", "s1", "alice", "rotating the CI service principal",
                T0, change.silence()));
        assertThat(registry.silencing(PROD_AUTH, T0)).isPresent();
        assertThat(registry.silencing(PROD_AUTH, T0.plusSeconds(3599))).isPresent();
        assertThat(registry.silencing(PROD_AUTH, T0.plusSeconds(3600))).isEmpty();
        now = T0.plusSeconds(3600);
        assertThat(registry.active()).isEmpty();
        assertThat(registry.expired()).extracting(Silence::id).containsExactly("s1");
    }

    @Test
    void expiringASilenceEndsItNowAndAuditsWhoAndWhy() {
        registry.add(List.of(LabelMatcher.eq("registry", "prodacr")), null, T0.plusSeconds(3600), "alice", "rotation");
        now = T0.plusSeconds(600);
        var change = registry.expire("s1", "bob", "rotation done early");
        assertThat(change.action()).isEqualTo("expire");
        assertThat(change.by()).isEqualTo("bob");
        assertThat(change.reason()).isEqualTo("rotation done early");
        assertThat(change.at()).isEqualTo(now);
        assertThat(change.silence().endsAt()).isEqualTo(now);
        assertThat(registry.silencing(PROD_AUTH, now)).isEmpty();
        assertThatThrownBy(() -> registry.expire("s1", "bob", "again"))
                .hasMessage("id: silence \"s1\" already expired at " + now);
        assertThatThrownBy(() -> registry.expire("nope", "bob", "x")).hasMessage("id: no silence \"nope\"");
    }

    @Test
    void silenceThatWouldMuteEverythingIsRefused() {
        assertThatThrownBy(() -> registry.add(List.of(LabelMatcher.re("registry", ".*")), null,
                T0.plusSeconds(60), "alice", "x")).hasMessageStartingWith("matchers: every matcher matches an empty label");
    }

    @Test
    void silenceEndingInThePastIsRefused() {
        assertThatThrownBy(() -> registry.add(List.of(LabelMatcher.eq("registry", "a")), null,
                T0.minus(Duration.ofMinutes(1)), "alice", "x"))
                .hasMessage("endsAt: must be in the future, found " + T0.minus(Duration.ofMinutes(1)));
    }

    @Test
    void silenceWithoutAuthorOrCommentIsRefused() {
        assertThatThrownBy(() -> registry.add(List.of(LabelMatcher.eq("registry", "a")), null,
                T0.plusSeconds(60), " ", "x")).hasMessage("createdBy: say who creates the silence");
        assertThatThrownBy(() -> registry.add(List.of(LabelMatcher.eq("registry", "a")), null,
                T0.plusSeconds(60), "alice", "")).hasMessage("comment: say why the alerts are silenced");
    }

    @Test
    void registryRebuiltFromSavedSilencesStillSilences() {
        registry.add(List.of(LabelMatcher.eq("registry", "prodacr")), null, T0.plusSeconds(3600), "alice", "x");
        var restored = new SilenceRegistry(clock, () -> "new", registry.all());
        assertThat(restored.silencing(PROD_AUTH, T0.plusSeconds(10))).map(Silence::id).contains("s1");
    }

    @Test
    void aSilenceIsShownOnlyOnceItWasSavedAndASaveThatFailsFailsTheChange() {
        List<Silence> saved = new java.util.ArrayList<>();
        registry.persistWith(saved::add);
        SilenceChange created = registry.add(List.of(LabelMatcher.parse("rule=auth")), null, T0.plusSeconds(3600),
                "alice", "maintenance");
        registry.expire(created.silenceId(), "bob", "done early");
        assertThat(saved).extracting(Silence::endsAt).containsExactly(T0.plusSeconds(3600), T0);

        registry.persistWith(s -> {
            throw new IllegalStateException("state store unreachable");
        });
        assertThatThrownBy(() -> registry.add(List.of(LabelMatcher.parse("rule=auth")), null, T0.plusSeconds(60),
                "alice", "again")).hasMessage("state store unreachable");
        assertThat(registry.all()).hasSize(1);
    }
}
