package dev.acrwatch.api;

/** A request the API refuses, with the HTTP status and a message that names the field and the value. */
final class ApiException extends Exception {

    private final int status;

    ApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
