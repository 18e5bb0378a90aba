package dev.engram.callosum;

import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The bus's ticker thread: every tick it cuts the clients that took nothing for the stall grace period (the server
 * re-checks under its order lock, so a client that caught up meanwhile stays), and writes the counters to the stats
 * file when they changed and the last write is old enough. Only this thread, start and close write the file; once the
 * final ({@code running: false}) counters are written nothing is written any more.
 */
final class Ticker {
    private static final Logger LOG = LoggerFactory.getLogger(CallosumServer.class);

    private final CallosumServer server;
    private final ServerConfig cfg;
    private final long tickMillis;
    private final long statsEveryNanos;
    private final long startedMillis = System.currentTimeMillis();
    private Thread thread;
    private boolean finalStatsWritten; // guarded by this: after it, the file always says closed

    Ticker(CallosumServer server, ServerConfig cfg, long tickMillis, long statsEveryMillis) {
        this.server = server;
        this.cfg = cfg;
        this.tickMillis = tickMillis;
        this.statsEveryNanos = statsEveryMillis * 1_000_000L;
    }

    void start() {
        thread = Thread.ofPlatform().daemon().name("callosum-ticker").start(this::loop);
    }

    void interrupt() {
        thread.interrupt();
    }

    private void loop() {
        long graceNanos = cfg.stallGrace().toNanos();
        long lastWrite = System.nanoTime();
        CallosumStats written = server.stats();
        try {
            while (server.isRunning()) {
                Thread.sleep(tickMillis);
                long now = System.nanoTime();
                for (ClientConn c : server.clients()) {
                    if (c.stalled(now, graceNanos)) {
                        server.beforeStallCut.accept(c);
                        server.remove(c, CallosumServer.Cause.STALLED); // re-checks under the order lock
                    }
                }
                CallosumStats s = server.stats();
                if (now - lastWrite >= statsEveryNanos && !s.equals(written)) {
                    writeStats(true);
                    written = s;
                    lastWrite = now;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Close: the ticker is stopped (interrupted) and finished before the final counters are written. */
    void await() {
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            if (!thread.join(Duration.ofSeconds(5))) {
                LOG.warn("callosum ticker did not stop within 5 s; writing the final counters anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // finish closing; the caller sees the flag
        }
    }

    /**
     * Writes the counters; one writer at a time (the ticker, start and close). Once the final ({@code running:
     * false}) counters are written, nothing is written any more, so the file never says running after close.
     */
    synchronized void writeStats(boolean running) {
        if (cfg.statsFile().isEmpty() || finalStatsWritten || (running && !server.isRunning())) {
            return;
        }
        finalStatsWritten = !running;
        ObjectNode json = StatsFile.toJson(server.stats(), cfg.socket(), running, startedMillis,
                server.failure().orElse(null));
        try {
            StatsFile.write(cfg.statsFile().get(), json);
        } catch (IOException | RuntimeException e) {
            LOG.warn("callosum could not write {}: {}", cfg.statsFile().get(), e.toString());
        }
    }
}
