package dev.acrwatch.notify;

import dev.acrwatch.alert.AlertSnapshot;
import dev.acrwatch.alert.AlertStatus;
import dev.acrwatch.alert.Contributor;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One alert as every receiver words it. Strings here are raw (unescaped): each renderer escapes for its format.
 *
 * @param registryName registry name without {@code .azurecr.io}
 * @param runbookClass which runbook applies ({@code unauthorized}, …, {@code blind}, {@code absence})
 * @param summary      "42 unauthorized (401) requests in 5m, threshold 10"
 */
public record AlertView(
        AlertSnapshot snapshot,
        AlertStatus status,
        String rule,
        String registryName,
        String loginServer,
        String failureClass,
        String severity,
        String valueText,
        String thresholdText,
        String windowText,
        String summary,
        Optional<Instant> firstSeen,
        Optional<Instant> lastSeen,
        List<Contributor> topIdentities,
        List<Contributor> topCallerIps,
        List<Contributor> topRepositories,
        String runbookClass,
        Optional<String> runbookUrl,
        Optional<String> kql,
        Optional<String> grafanaUrl) {

    public boolean firing() {
        return status == AlertStatus.FIRING;
    }

    /** The identity the runbook commands should name: the top contributor, if any. */
    public Optional<String> topIdentity() {
        return topIdentities.stream().map(Contributor::value).filter(v -> !v.isBlank()).findFirst();
    }
}
