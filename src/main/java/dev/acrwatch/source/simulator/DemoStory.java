package dev.acrwatch.source.simulator;

import dev.acrwatch.event.LogTable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The demo's registries, callers and story. Six equal phases: healthy, a CI service principal's
 * secret expires (401), a pipeline identity loses AcrPull (403), a Basic-SKU registry is throttled
 * during a scale-up (429), a firewall change drops an AKS node pool (its traffic vanishes), recovery.
 * Generation is deterministic for a given seed, so tests can assert exact outcomes.
 */
public final class DemoStory implements Traffic {

    public static final String PROD = "contosoprod.azurecr.io";
    public static final String BUILD = "contosobuild.azurecr.io";
    public static final String DEV = "contosodev.azurecr.io";
    public static final List<String> REGISTRIES = List.of(PROD, BUILD, DEV);

    public static final String CI_SP = "3f2b8c1d-7a4e-4b9a-9c2d-1e5f6a7b8c9d";
    public static final String DEPLOY_MI = "mi-deploy-pipeline";
    public static final String AKS_PROD_POOL2 = "aks-prod-agentpool2";
    public static final String AKS_DEV = "aks-dev-agentpool";

    /** The phases, in order. */
    public enum Phase { HEALTHY, SECRET_EXPIRED, PULL_ROLE_REMOVED, THROTTLED, FIREWALL_DROP, RECOVERY }

    private record Caller(String identity, String ipPrefix, int ipCount, String registry,
                          double loginsPerMin, double pullsPerMin, double pushesPerMin) {}

    private static final List<Caller> CALLERS = List.of(
            new Caller("aks-prod-agentpool", "10.240.0.", 6, PROD, 4, 20, 0),
            new Caller(AKS_PROD_POOL2, "10.240.1.", 6, PROD, 4, 20, 0),
            new Caller(CI_SP, "20.42.5.", 10, BUILD, 6, 10, 10),
            new Caller(DEPLOY_MI, "20.42.7.", 1, PROD, 2, 6, 0),
            new Caller(AKS_DEV, "10.250.0.", 16, DEV, 2, 10, 0),
            new Caller("alice@contoso.com", "203.0.113.", 2, DEV, 1, 3, 1),
            new Caller("bob@contoso.com", "198.51.100.", 2, DEV, 1, 3, 1));

    private final Instant start;
    private final Duration phaseLength;

    public DemoStory(Instant start, Duration phaseLength) {
        this.start = start;
        this.phaseLength = phaseLength;
    }

    public Instant start() {
        return start;
    }

    public Duration length() {
        return phaseLength.multipliedBy(Phase.values().length);
    }

    public Instant phaseStart(Phase phase) {
        return start.plus(phaseLength.multipliedBy(phase.ordinal()));
    }

    /** The phase at a simulated instant (RECOVERY after the end). */
    public Phase phaseAt(Instant t) {
        if (t.isBefore(start)) {
            return Phase.HEALTHY;
        }
        long idx = Duration.between(start, t).toMillis() / Math.max(1, phaseLength.toMillis());
        return Phase.values()[(int) Math.min(idx, Phase.values().length - 1)];
    }

    /** Emits the requests of one simulated second; ingestion time is filled in by the caller. */
    @Override
    public void generateSecond(Instant second, Random rnd, Consumer<SimEvent> out) {
        Phase phase = phaseAt(second);
        for (Caller c : CALLERS) {
            if (phase == Phase.FIREWALL_DROP && c.identity().equals(AKS_PROD_POOL2)) {
                continue; // dropped by the firewall: the registry never sees these requests
            }
            String ip = c.ipPrefix() + (4 + rnd.nextInt(c.ipCount()));
            boolean secretExpired = phase == Phase.SECRET_EXPIRED && c.identity().equals(CI_SP);
            // A CI job with a dead secret retries its login and never gets to pull or push.
            double loginRate = secretExpired ? c.loginsPerMin() * 4 : c.loginsPerMin();
            emit(rnd, loginRate, () -> out.accept(event(LogTable.LOGIN, second, c.registry(), "Login",
                    secretExpired ? "401" : "200", c.identity(), ip, "")));
            if (secretExpired) {
                continue;
            }
            double pullRate = c.pullsPerMin();
            boolean throttled = phase == Phase.THROTTLED && c.identity().equals(AKS_DEV);
            if (throttled) {
                pullRate *= 12; // scale-up: every new node pulls at once
            }
            emit(rnd, pullRate, () -> {
                String status = "200";
                if (phase == Phase.PULL_ROLE_REMOVED && c.identity().equals(DEPLOY_MI)) {
                    status = "403";
                } else if (throttled && rnd.nextDouble() < 0.6) {
                    status = "429";
                }
                out.accept(event(LogTable.REPOSITORY, second, c.registry(), "Pull", status, c.identity(), ip,
                        repositoryFor(c)));
            });
            emit(rnd, c.pushesPerMin(), () -> out.accept(event(LogTable.REPOSITORY, second, c.registry(), "Push",
                    "201", c.identity(), ip, repositoryFor(c))));
        }
        // Background noise every registry has: docker's credential-less first request, and the
        // odd pull of a tag that does not exist.
        for (String registry : REGISTRIES) {
            emit(rnd, 1.0, () -> out.accept(event(LogTable.LOGIN, second, registry, "Login", "401", "",
                    "198.51.100." + (10 + rnd.nextInt(20)), "")));
        }
        emit(rnd, 0.5, () -> out.accept(event(LogTable.REPOSITORY, second, DEV, "Pull", "404",
                "bob@contoso.com", "198.51.100.5", "tools/linter")));
    }

    private static String repositoryFor(Caller c) {
        return switch (c.registry()) {
            case PROD -> "shop/checkout";
            case BUILD -> "ci/build-cache";
            default -> "tools/dev-image";
        };
    }

    private static SimEvent event(LogTable table, Instant t, String registry, String operation, String status,
                                  String identity, String ip, String repository) {
        return new SimEvent(table, t, t, registry, operation, status, identity, ip, repository);
    }

    /** Emits floor(rate/60) events plus one more with the fractional probability. */
    private static void emit(Random rnd, double perMinute, Runnable one) {
        double perSecond = perMinute / 60.0;
        int n = (int) perSecond + (rnd.nextDouble() < perSecond - Math.floor(perSecond) ? 1 : 0);
        for (int i = 0; i < n; i++) {
            one.run();
        }
    }
}
