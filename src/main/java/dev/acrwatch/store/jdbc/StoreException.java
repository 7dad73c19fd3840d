package dev.acrwatch.store.jdbc;

/** A state store operation failed; the message names the operation, never a secret or a payload. */
public class StoreException extends RuntimeException {

    StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
