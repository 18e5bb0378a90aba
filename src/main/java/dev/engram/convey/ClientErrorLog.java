package dev.engram.convey;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One warning line (no stack trace) per kind of client error per period, with the number of like errors that were
 * not logged since: anyone can send a malformed request, and must not be able to fill the log. Thread-safe.
 */
final class ClientErrorLog {
    private static final Logger LOG = LoggerFactory.getLogger(ClientErrorLog.class);
    private final Duration period;
    private final Clock clock;
    private final ConcurrentHashMap<String, AtomicLong> lastLogged = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicLong> suppressed = new ConcurrentHashMap<>();

    ClientErrorLog(Duration period, Clock clock) {
        this.period = period;
        this.clock = clock;
    }

    /** Logs the error unless one of this kind was logged within the period; true when it was logged. */
    boolean report(String reason, String requestLine, String detail) {
        long now = clock.millis();
        AtomicLong last = lastLogged.computeIfAbsent(reason, k -> new AtomicLong(Long.MIN_VALUE));
        long prev = last.get();
        if (prev != Long.MIN_VALUE && now - prev < period.toMillis() || !last.compareAndSet(prev, now)) {
            suppressed.computeIfAbsent(reason, k -> new AtomicLong()).incrementAndGet();
            return false;
        }
        long skipped = suppressed.computeIfAbsent(reason, k -> new AtomicLong()).getAndSet(0);
        LOG.warn("client error {} on {}: {}{}", reason, requestLine, detail,
                skipped == 0 ? "" : " (" + skipped + " more like it not logged)");
        return true;
    }
}
