package dev.acrwatch.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import dev.acrwatch.config.LoggingConfig;
import org.slf4j.LoggerFactory;

/** Applies the config's log format and level: always stderr, plain text or one JSON object per line. */
final class LoggingSetup {

    private LoggingSetup() {}

    static void apply(LoggingConfig config) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        Encoder<ILoggingEvent> encoder = "json".equals(config.format()) ? jsonEncoder(ctx) : plainEncoder(ctx);
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(ctx);
        appender.setName("STDERR");
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        root.detachAndStopAllAppenders();
        root.addAppender(appender);
        root.setLevel(Level.toLevel(config.level(), Level.INFO));
    }

    private static Encoder<ILoggingEvent> plainEncoder(LoggerContext ctx) {
        PatternLayoutEncoder e = new PatternLayoutEncoder();
        e.setContext(ctx);
        e.setPattern(DefaultLogging.PATTERN);
        e.start();
        return e;
    }

    private static Encoder<ILoggingEvent> jsonEncoder(LoggerContext ctx) {
        JsonEncoder e = new JsonEncoder();
        e.setContext(ctx);
        e.setWithMDC(false);
        e.setWithArguments(false);
        e.start();
        return e;
    }
}
