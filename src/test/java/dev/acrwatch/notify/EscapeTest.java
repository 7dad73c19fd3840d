package dev.acrwatch.notify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EscapeTest {

    @Test
    void slackEscapingKillsMentionsAndLinkInjection() {
        assertThat(Escape.slack(Fixtures.HOSTILE_SLACK))
                .isEqualTo("&lt;!channel&gt; &lt;@U123&gt; &lt;http://evil|x&gt;");
    }

    @Test
    void slackEscapingNeutralisesFormattingCharacters() {
        assertThat(Escape.slack("*bold* _it_ `code` ~s~ a&b")).doesNotContain("*", "`", "~")
                .contains("a&amp;b");
    }

    @Test
    void htmlEscapingCoversTextAndAttributes() {
        assertThat(Escape.html("<a href=\"x\">'&'</a>"))
                .isEqualTo("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    }

    @Test
    void longValuesAreCutWithAnEllipsis() {
        String cut = Escape.plain("x".repeat(1000));
        assertThat(cut).hasSize(Escape.MAX_VALUE_CHARS).endsWith("…");
    }

    @Test
    void controlCharactersBecomeSpaces() {
        assertThat(Escape.plain(Fixtures.HEADER_INJECTION)).isEqualTo("sp-build  Bcc: evil@x");
    }

    @Test
    void shellQuotingLeavesSafeValuesAloneAndQuotesTheRest() {
        assertThat(Escape.shell("myreg.azurecr.io")).isEqualTo("myreg.azurecr.io");
        assertThat(Escape.shell("$(rm -rf ~)")).isEqualTo("'$(rm -rf ~)'");
        assertThat(Escape.shell("")).isEqualTo("''");
    }

    @org.junit.jupiter.api.Test
    void underscoresSurviveSoIdentitiesAndRepositoriesStayCopyable() {
        // Identities like sp_ci_build and repositories like team_a/app are common; a look-alike
        // character would break the az command an SRE pastes. Mid-word underscores do not format.
        assertThat(Escape.slack("sp_ci_build on team_a/app")).isEqualTo("sp_ci_build on team_a/app");
    }
}
