package dev.acrwatch.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logging until the config file is read: plain text on stderr (stdout is for command output), INFO, with
 * chatty libraries at WARN. Set in code, found by logback as a service: parsing an XML configuration
 * loads about 600 classes (logback's Joran and the JDK's XML parser) and cost 0.4 s of every start.
 * A {@code logback.configurationFile} property or a {@code logback-test.xml} (the tests') still wins.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class DefaultLogging extends ContextAwareBase implements Configurator {

    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level %logger{24} - %msg%n";
    private static final String[] QUIET = {"org.quartz", "com.icegreen", "com.azure", "com.microsoft.aad"};
    /**
     * The JDK HTTP client adapter logs every failed request at ERROR ("java.net.ConnectException", no
     * place); the query adapter reports each failure once with its workspace, table and reason.
     */
    private static final String SILENT = "com.azure.core.http.jdk.httpclient";

    @Override
    public ExecutionStatus configure(LoggerContext ctx) {
        if (System.getProperty("logback.configurationFile") != null
                || DefaultLogging.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        configureDefaults(ctx);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    static void configureDefaults(LoggerContext ctx) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(ctx);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(stderr);
        for (String name : QUIET) {
            ctx.getLogger(name).setLevel(Level.WARN);
        }
        ctx.getLogger(SILENT).setLevel(Level.OFF);
    }
}
