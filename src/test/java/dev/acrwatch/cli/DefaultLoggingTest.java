package dev.acrwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.ConsoleAppender;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class DefaultLoggingTest {

    @Test
    void logbackFindsItAsAService() {
        assertThat(ServiceLoader.load(Configurator.class).stream().map(p -> p.type().getName()))
                .contains(DefaultLogging.class.getName());
    }

    @Test
    void beforeTheConfigIsReadLogsGoToStderrAtInfoWithChattyLibrariesAtWarn() {
        LoggerContext ctx = new LoggerContext();
        DefaultLogging.configureDefaults(ctx);

        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        assertThat(root.getAppender("STDERR")).isInstanceOfSatisfying(ConsoleAppender.class, a -> {
            assertThat(a.getTarget()).isEqualTo("System.err");
            assertThat(a.isStarted()).isTrue();
            assertThat(((PatternLayoutEncoder) a.getEncoder()).getPattern()).isEqualTo(DefaultLogging.PATTERN);
        });
        for (String quiet : new String[] {"org.quartz", "com.icegreen", "com.azure", "com.microsoft.aad"}) {
            assertThat(ctx.getLogger(quiet + ".Something").getEffectiveLevel()).as(quiet).isEqualTo(Level.WARN);
        }
        assertThat(ctx.getLogger("dev.acrwatch.daemon.Daemon").getEffectiveLevel()).isEqualTo(Level.INFO);
        // Our adapter reports query failures with their place; the HTTP client's own ERROR lines are noise.
        assertThat(ctx.getLogger("com.azure.core.http.jdk.httpclient.JdkHttpClient").getEffectiveLevel())
                .isEqualTo(Level.OFF);
    }

    @Test
    void theTestsOwnLogbackFileStillWins() {
        DefaultLogging logging = new DefaultLogging();
        LoggerContext ctx = new LoggerContext();
        logging.setContext(ctx);
        assertThat(logging.configure(ctx)).isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(ctx.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR")).isNull();
    }
}
