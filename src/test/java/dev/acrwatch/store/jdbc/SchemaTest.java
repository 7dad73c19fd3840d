package dev.acrwatch.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acrwatch.config.Secret;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SchemaTest {

    @Test
    void theNewestMigrationIsTheVersionThisBinaryClaims() throws IOException, URISyntaxException {
        Path dir = Path.of(getClass().getResource("/db/migration").toURI());
        Pattern name = Pattern.compile("V(\\d+)__.*\\.sql");
        int newest;
        try (Stream<Path> files = Files.list(dir)) {
            newest = files.map(p -> name.matcher(p.getFileName().toString()))
                    .filter(Matcher::matches)
                    .mapToInt(m -> Integer.parseInt(m.group(1)))
                    .max().orElse(0);
        }
        assertThat(newest).isEqualTo(Schema.VERSION);
    }

    @Test
    void theDatabaseDescriptionLeavesOutThePasswordAndUrlParameters() {
        JdbcDatabase db = JdbcDatabase.postgres("jdbc:postgresql://127.0.0.1:5432/acrwatch?password=hunter2&ssl=true",
                "acrwatch", Secret.of("s3cret-pw"));

        assertThat(db.toString()).doesNotContain("hunter2").doesNotContain("s3cret-pw")
                .contains("jdbc:postgresql://127.0.0.1:5432/acrwatch");
    }
}
