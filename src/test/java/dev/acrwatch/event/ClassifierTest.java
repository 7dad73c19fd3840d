package dev.acrwatch.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClassifierTest {

    private final Classifier classifier = new Classifier();

    @ParameterizedTest(name = "status {0} identity ''{1}'' -> {2}/{3}")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            200  | ci-sp            | OK           | none
            201  | ci-sp            | OK           | none
            202  |                  | OK           | none
            307  | dev@contoso.com  | OK           | none
            401  |                  | UNAUTHORIZED | anonymous
            401  | NULL             | UNAUTHORIZED | anonymous
            401  | '   '            | UNAUTHORIZED | anonymous
            401  | ci-sp            | UNAUTHORIZED | rejected_credentials
            ' 401 ' | ci-sp         | UNAUTHORIZED | rejected_credentials
            403  | pipeline-mi      | FORBIDDEN    | none
            404  | aks-agentpool    | NOT_FOUND    | none
            429  | aks-agentpool    | THROTTLED    | none
            400  | x                | CLIENT_ERROR | none
            405  | x                | CLIENT_ERROR | none
            499  | x                | CLIENT_ERROR | none
            500  | x                | SERVER_ERROR | none
            503  | x                | SERVER_ERROR | none
            599  | x                | SERVER_ERROR | none
            ''   | x                | UNKNOWN      | unparseable_status
            NULL | x                | UNKNOWN      | unparseable_status
            OK   | x                | UNKNOWN      | unparseable_status
            4O1  | x                | UNKNOWN      | unparseable_status
            4011 | x                | UNKNOWN      | unparseable_status
            -40  | x                | UNKNOWN      | unparseable_status
            099  | x                | UNKNOWN      | unparseable_status
            150  | x                | UNKNOWN      | unparseable_status
            600  | x                | UNKNOWN      | unparseable_status
            """)
    void classifiesEveryStatusIntoItsClassAndReason(String status, String identity, FailureClass expected, String reason) {
        Classification c = classifier.classify(status, identity);
        assertThat(c.failureClass()).isEqualTo(expected);
        assertThat(c.reason()).isEqualTo(reason);
    }

    @ParameterizedTest
    @CsvSource({"ok,OK", "unauthorized,UNAUTHORIZED", "network_drop,NETWORK_DROP", "server_error,SERVER_ERROR"})
    void labelsRoundTrip(String label, FailureClass c) {
        assertThat(FailureClass.fromLabel(label)).isEqualTo(c);
        assertThat(c.label()).isEqualTo(label);
    }
}
