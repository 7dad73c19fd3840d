package dev.acrwatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LabelsTest {

    @Test
    void statusKeepsThreeDigitCodesOnly() {
        assertThat(Labels.status("401")).isEqualTo("401");
        assertThat(Labels.status(" 200 ")).isEqualTo("200");
        assertThat(Labels.status("4010")).isEqualTo("other");
        assertThat(Labels.status("OK")).isEqualTo("other");
        assertThat(Labels.status("")).isEqualTo("other");
    }

    @Test
    void operationKeepsShortPlainNamesOnly() {
        assertThat(Labels.operation("Pull")).isEqualTo("Pull");
        assertThat(Labels.operation("purge.manifest-v2_x")).isEqualTo("purge.manifest-v2_x");
        assertThat(Labels.operation("a".repeat(32))).isEqualTo("a".repeat(32));
        assertThat(Labels.operation("a".repeat(33))).isEqualTo("other");
        assertThat(Labels.operation("Pull now")).isEqualTo("other");
        assertThat(Labels.operation("")).isEqualTo("other");
    }

    @Test
    void registryIsLowerCasedAndMustLookLikeAHostName() {
        assertThat(Labels.registry("ProdAcr.AzureCR.io")).isEqualTo("prodacr.azurecr.io");
        assertThat(Labels.registry("evil\"reg")).isEqualTo("other");
        assertThat(Labels.registry("")).isEqualTo("other");
    }

    @Test
    void anEmptyIdentityIsNamedAnonymous() {
        assertThat(Labels.identity("")).isEqualTo("(anonymous)");
        assertThat(Labels.identity("ci-bot")).isEqualTo("ci-bot");
    }

    @Test
    void callerValuesAreCutTo128CodePointsWithAVisibleMark() {
        assertThat(Labels.caller("a".repeat(128))).isEqualTo("a".repeat(128));
        assertThat(Labels.caller("a".repeat(129))).isEqualTo("a".repeat(127) + "…");
        String emoji = "\uD83D\uDE00";
        assertThat(Labels.caller(emoji.repeat(200))).isEqualTo(emoji.repeat(127) + "…");
    }

    @Test
    void controlCharactersAndLoneSurrogatesBecomeQuestionMarksButNewlineStaysForTheFormatToEscape() {
        assertThat(Labels.caller("a\r\u001b[31mb\nc")).isEqualTo("a??[31mb\nc");
        assertThat(Labels.caller("x\uD83Dy")).isEqualTo("x?y");
    }
}
