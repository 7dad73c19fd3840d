package dev.acrwatch.store.jdbc;

/** The database was migrated by a newer acr-watch; this binary must not write to it. */
public final class SchemaTooNewException extends StoreException {

    SchemaTooNewException(String message) {
        super(message, null);
    }
}
