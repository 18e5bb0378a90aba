package dev.engram.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Captures one logger's events (at the given level and above) until closed. A logger is global: a capture also sees
 * what other test classes running in parallel log there. Test classes that capture hold the {@link #LOCK} resource
 * lock ({@code @ResourceLock(LogCapture.LOCK)}), so they run one after the other and see only their own events.
 */
final class LogCapture implements AutoCloseable {
    /** The JUnit resource lock of the captured loggers (the dispatcher's warnings are what these classes assert). */
    static final String LOCK = "dev.engram.app.LogCapture";
    private final Logger logger;
    private final Level previous;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    LogCapture(Class<?> type, Level level) {
        logger = (Logger) LoggerFactory.getLogger(type);
        previous = logger.getLevel();
        logger.setLevel(level);
        appender.start();
        logger.addAppender(appender);
    }

    List<ILoggingEvent> events() {
        synchronized (appender) {
            return new ArrayList<>(appender.list);
        }
    }

    List<String> messages(Level level) {
        return events().stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        logger.setLevel(previous);
        appender.stop();
    }
}
