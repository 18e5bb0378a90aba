package dev.engram.callosum;

import org.slf4j.Logger;

/** Logs a warning at most once per interval and says how many were suppressed in between. Thread-safe. */
final class RateLimitedLog {
    private final Logger log;
    private final long intervalNanos;
    private long last;
    private boolean logged;
    private long suppressed;

    RateLimitedLog(Logger log, long intervalMillis) {
        this.log = log;
        this.intervalNanos = intervalMillis * 1_000_000L;
    }

    synchronized void warn(String message) {
        long now = System.nanoTime();
        if (logged && now - last < intervalNanos) {
            suppressed++;
            return;
        }
        if (suppressed > 0) {
            log.warn("{} ({} similar warnings suppressed)", message, suppressed);
        } else {
            log.warn("{}", message);
        }
        logged = true;
        last = now;
        suppressed = 0;
    }
}
