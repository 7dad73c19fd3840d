package dev.acrwatch.rule;

import dev.acrwatch.event.FailureClass;
import dev.acrwatch.event.LogTable;
import java.util.Objects;

/**
 * The dimensions one window bin is keyed by. Identity, caller IP and repository are empty on
 * success rows (the query keeps them only on failures), which keeps the number of bins bounded.
 */
public record BinDims(
        String workspace,
        String registry,
        LogTable table,
        FailureClass failureClass,
        String reason,
        String operation,
        String identity,
        String callerIp,
        String repository) {

    public BinDims {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(failureClass, "failureClass");
        workspace = nz(workspace);
        registry = nz(registry);
        reason = nz(reason);
        operation = nz(operation);
        identity = nz(identity);
        callerIp = nz(callerIp);
        repository = nz(repository);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
