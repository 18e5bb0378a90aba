package dev.engram.boot;

import dev.engram.callosum.Message;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one consumer of a bus message so that its failure never reaches the next one: the failure is counted and
 * logged, at most once per 10 s (with the count since the last line), so a consumer failing on every message cannot
 * flood the log.
 */
final class ConsumerGuard {
    private static final Logger LOG = LoggerFactory.getLogger(Engram.class);
    private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong unlogged = new AtomicLong();
    private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

    void run(String consumer, Message m, Runnable body) {
        try {
            body.run();
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            unlogged.incrementAndGet();
            long now = System.nanoTime();
            long last = lastLog.get();
            if (now - last >= LOG_EVERY_NANOS && lastLog.compareAndSet(last, now)) {
                LOG.error("passing bus message {}/{} to the {} failed ({} failure(s) since the last line); the other"
                        + " consumers still got it", m.tract(), m.event(), consumer, unlogged.getAndSet(0), e);
            }
        }
    }

    /** Failures so far. */
    long failures() {
        return failures.get();
    }
}
