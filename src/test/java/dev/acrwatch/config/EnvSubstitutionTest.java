package dev.acrwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvSubstitutionTest {

    private static final Map<String, String> ENV = Map.of("A", "alpha", "EMPTY", "", "SECRET", "top-secret");

    @Test
    void expandsVariablesDefaultsAndEscapes() throws Exception {
        assertThat(EnvSubstitution.apply("x-${A}-${B:-beta}-${EMPTY:-gamma}-$${A}-$5-$$", ENV))
                .isEqualTo("x-alpha-beta-gamma-${A}-$5-$$");
    }

    @Test
    void aSetButEmptyVariableWithoutDefaultIsEmpty() throws Exception {
        assertThat(EnvSubstitution.apply("[${EMPTY}]", ENV)).isEqualTo("[]");
    }

    @Test
    void expandedValuesAreNotExpandedAgain() throws Exception {
        assertThat(EnvSubstitution.apply("${X}", Map.of("X", "${A}"))).isEqualTo("${A}");
    }

    @Test
    void unsetVariableNamesTheVariable() {
        assertThatThrownBy(() -> EnvSubstitution.apply("${MISSING}", ENV))
                .hasMessage("environment variable MISSING is not set (give it a value or write ${MISSING:-default})");
    }

    @Test
    void malformedReferencesAreErrorsWithoutTheValue() {
        assertThatThrownBy(() -> EnvSubstitution.apply("top-secret ${SECRET", ENV))
                .hasMessage("unterminated \"${\" (write \"$${\" for a literal \"${\")");
        assertThatThrownBy(() -> EnvSubstitution.apply("${1BAD}", ENV))
                .hasMessage("\"${1BAD}\" is not a valid variable reference (expected ${NAME} or ${NAME:-default})");
    }
}
