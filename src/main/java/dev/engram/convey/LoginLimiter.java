package dev.engram.convey;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts failed logins per client: a client is a browser at an address ({@link #key}: the peer address and the
 * browser's CSRF cookie, which every login must echo). The first {@code max} attempts within the window are free;
 * after that a client may try again only after a back-off that starts at 5 s and doubles with each further failure up
 * to {@code maxBackoff} (30 s in Convey). So wrong guesses stay slow (at most one per back-off), and another client
 * failing on the same address (a local process shares 127.0.0.1 with the owner's browser) never blocks a browser that
 * has not failed itself. Fresh cookies cost nothing, so one address gets its own per-browser records for at most
 * {@code browsersPerAddress} failing browsers within the window; failures from further browsers share one record per
 * address (then the owner's browser, if new, shares that slot with the one minting cookies). An attempt is counted as a failure before the
 * password is checked ({@link #tryAcquire}) and forgiven only when it succeeds, so concurrent attempts cannot get past
 * the limit while the slow hash runs. At most {@code maxClients} addresses are remembered: when full, expired ones
 * are dropped, and if none expired every record is (counted by {@link #clears()}). Thread-safe.
 */
final class LoginLimiter {
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(5);
    private final int max;
    private final Duration window;
    private final Duration maxBackoff;
    private final int maxClients;
    private final int browsersPerAddress;
    private final Clock clock;
    private final Map<String, Deque<Long>> failures = new HashMap<>();
    private long clears;

    LoginLimiter(int max, Duration window, Duration maxBackoff, int maxClients, Clock clock) {
        this(max, window, maxBackoff, maxClients, 20, clock);
    }

    LoginLimiter(int max, Duration window, Duration maxBackoff, int maxClients, int browsersPerAddress, Clock clock) {
        this.browsersPerAddress = browsersPerAddress;
        this.max = max;
        this.window = window;
        this.maxBackoff = maxBackoff;
        this.maxClients = maxClients;
        this.clock = clock;
    }

    /**
     * The client record for a login from {@code address} by the browser holding CSRF cookie {@code browser}: its own,
     * unless it has none yet and the address already has {@code browsersPerAddress} failing browsers (then the
     * address's shared record).
     */
    synchronized String key(String address, String browser) {
        String own = address + " " + browser;
        String prefix = address + " ";
        Deque<Long> times = failures.get(own);
        if (browser.isEmpty() || (times != null && !prune(times).isEmpty())) {
            return own;
        }
        long failing = failures.entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix) && !prune(e.getValue()).isEmpty()).count();
        return failing < browsersPerAddress ? own : address + " *";
    }

    /** Seconds until the client may try again, or 0 when it may try now. */
    synchronized long retryAfterSeconds(String client) {
        Deque<Long> times = failures.get(client);
        if (times == null || prune(times).size() < max) {
            return 0;
        }
        long wait = times.peekLast() + backoff(times.size() - max).toMillis() - clock.millis();
        return wait <= 0 ? 0 : (wait + 999) / 1000;
    }

    /**
     * Reserves one attempt: 0 when the client may try now (the attempt is counted as a failure until
     * {@link #succeeded}), else the seconds until it may try again (nothing counted).
     */
    synchronized long tryAcquire(String client) {
        long wait = retryAfterSeconds(client);
        if (wait == 0) {
            failed(client);
        }
        return wait;
    }

    synchronized void failed(String client) {
        Deque<Long> times = failures.get(client);
        if (times == null) {
            if (failures.size() >= maxClients) {
                failures.values().removeIf(t -> prune(t).isEmpty());
                if (failures.size() >= maxClients) {
                    failures.clear();
                    clears++;
                }
            }
            times = new ArrayDeque<>();
            failures.put(client, times);
        }
        prune(times).addLast(clock.millis());
    }

    synchronized void succeeded(String client) {
        failures.remove(client);
    }

    /** How many addresses are remembered. */
    synchronized int clients() {
        return failures.size();
    }

    /** How often the table was full of live records and was emptied. */
    synchronized long clears() {
        return clears;
    }

    private Duration backoff(int extraFailures) {
        Duration d = FIRST_BACKOFF.multipliedBy(1L << Math.min(20, extraFailures));
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }

    private Deque<Long> prune(Deque<Long> times) {
        long oldest = clock.millis() - window.toMillis();
        while (!times.isEmpty() && times.peekFirst() < oldest) {
            times.removeFirst();
        }
        return times;
    }
}
