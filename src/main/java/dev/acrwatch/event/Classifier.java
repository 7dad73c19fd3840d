package dev.acrwatch.event;

/** Sorts a logged HTTP status (and identity) into a failure class. Pure and stateless. */
public final class Classifier {

    /** Classifies one summarized row. */
    public Classification classify(EventCount row) {
        return classify(row.status(), row.identity());
    }

    /**
     * @param status   ResultDescription as logged: the HTTP status as a string
     * @param identity the Identity column; empty means the caller sent no credentials
     */
    public Classification classify(String status, String identity) {
        int code = parseStatus(status);
        if (code < 0) {
            return new Classification(FailureClass.UNKNOWN, Classification.REASON_UNPARSEABLE_STATUS);
        }
        if (code >= 200 && code < 400) {
            return new Classification(FailureClass.OK, Classification.REASON_NONE);
        }
        return switch (code) {
            // An empty identity is docker's first, credential-less request (the anonymous
            // challenge) — noise, unlike a rejected credential, which is someone's broken login.
            case 401 -> new Classification(FailureClass.UNAUTHORIZED,
                    identity == null || identity.isBlank()
                            ? Classification.REASON_ANONYMOUS
                            : Classification.REASON_REJECTED_CREDENTIALS);
            case 403 -> new Classification(FailureClass.FORBIDDEN, Classification.REASON_NONE);
            case 404 -> new Classification(FailureClass.NOT_FOUND, Classification.REASON_NONE);
            case 429 -> new Classification(FailureClass.THROTTLED, Classification.REASON_NONE);
            default -> {
                if (code >= 400 && code < 500) {
                    yield new Classification(FailureClass.CLIENT_ERROR, Classification.REASON_NONE);
                }
                if (code >= 500 && code < 600) {
                    yield new Classification(FailureClass.SERVER_ERROR, Classification.REASON_NONE);
                }
                yield new Classification(FailureClass.UNKNOWN, Classification.REASON_UNPARSEABLE_STATUS);
            }
        };
    }

    /** The status as a number, or -1 when it is not a three-digit HTTP status. */
    static int parseStatus(String status) {
        if (status == null) {
            return -1;
        }
        String s = status.strip();
        if (s.length() != 3) {
            return -1;
        }
        int code = 0;
        for (int i = 0; i < 3; i++) {
            char ch = s.charAt(i);
            if (ch < '0' || ch > '9') {
                return -1;
            }
            code = code * 10 + (ch - '0');
        }
        return code >= 100 ? code : -1;
    }
}
