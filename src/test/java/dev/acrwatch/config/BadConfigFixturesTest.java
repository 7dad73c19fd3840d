package dev.acrwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Walks {@code config/bad/}: each fixture's leading {@code # expect: <message>} lines are the
 * exact problems the loader must report, in order. {@code {dir}} stands for the fixture folder.
 */
class BadConfigFixturesTest {

    static final String SECRET_VALUE = "s3cr3t-from-env";
    static final Map<String, String> ENV = Map.of("SP_SECRET", SECRET_VALUE, "PORT_WORD", "http");

    static Path folder() throws URISyntaxException {
        return Path.of(BadConfigFixturesTest.class.getResource("/config/bad").toURI());
    }

    static Stream<String> fixtures() throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.list(folder())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void reportsExactlyTheExpectedProblems(String name) throws Exception {
        Path file = folder().resolve(name);
        String dir = folder().toString();
        List<String> expected = Files.readAllLines(file).stream()
                .takeWhile(line -> line.startsWith("# expect: "))
                .map(line -> line.substring("# expect: ".length()).replace("{dir}", dir))
                .toList();
        assertThat(expected).as("fixture has # expect: lines").isNotEmpty();

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file, ENV));

        assertThat(e).as("loading %s must fail", name).isNotNull();
        assertThat(e.problems()).containsExactlyElementsOf(expected);
        assertThat(e.getMessage()).startsWith(file + ": " + expected.size() + " problem(s):");
    }

    @Test
    void thereIsAFixtureForEveryKindOfError() throws Exception {
        assertThat(fixtures().count()).isGreaterThanOrEqualTo(25);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void neverEchoesASecretValue(String name) throws Exception {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(folder().resolve(name), ENV));
        assertThat(e.getMessage()).doesNotContain(SECRET_VALUE, "hunter2", "8675309");
    }
}
