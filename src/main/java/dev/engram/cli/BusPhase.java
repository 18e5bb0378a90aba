package dev.engram.cli;

import dev.engram.app.Health;
import dev.engram.boot.Engram;
import dev.engram.boot.EngramOptions;
import dev.engram.index.IndexBench;
import dev.engram.index.api.Searcher;
import dev.engram.journal.Journal;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code engram bench index}'s bus phase ({@code --phase bus}, the product method's child, which the launcher runs
 * with {@code start}'s JVM flags): Engram started as {@code engram start} starts it (every service, its bus on a Unix
 * socket in a fresh temporary folder, HTTP on a free port), its index caught up, then {@link IndexBench#busPath}; on
 * the way out Engram stops and the bench's segments leave the journal and the index.
 */
final class BusPhase {
    private BusPhase() {
    }

    static void run(Journal journal, int segments, int burst, long gapMillis, long controlMillis, PrintWriter out) {
        Path dir;
        try {
            dir = Files.createTempDirectory("engram-busbench"); // a short path: a Unix socket's is at most 107 bytes
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path socket = dir.resolve("bus.sock");
        long t0 = System.nanoTime();
        try (Engram engram = Engram.start(new EngramOptions(journal.root(), "127.0.0.1", 0, Optional.of(socket)))) {
            long deadline = System.nanoTime() + 600_000_000_000L;
            while (!Boolean.TRUE.equals(indexFacts(engram).get("caught_up"))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the index service did not catch up within 10 minutes");
                }
                LockSupport.parkNanos(10_000_000);
            }
            out.printf(Locale.ROOT, "bus phase: Engram started (as `engram start`, every service) and its index caught"
                    + " up in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            Searcher searcher = engram.service(Searcher.class).orElseThrow();
            IndexBench.busPath(searcher, Journal.open(journal.root()), socket, segments, burst, gapMillis,
                    controlMillis, out);
            Map<String, Object> f = indexFacts(engram);
            out.printf(Locale.ROOT, "bus phase: index facts afterwards: bus_followed %s, catch_ups %s, sweeps %s,"
                    + " pending %s, embedding_backlog %s%n", f.get("bus_followed"), f.get("catch_ups"),
                    f.get("sweeps"), f.get("pending"), f.get("embedding_backlog"));
            out.flush();
        } finally {
            IndexBench.forgetBusSegments(journal);
            try {
                Files.deleteIfExists(socket);
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                out.println("bus phase: could not remove " + dir + ": " + e.getMessage());
            }
        }
    }

    private static Map<String, Object> indexFacts(Engram engram) {
        Health h = engram.health().services().get("index");
        return h == null ? Map.of() : h.facts();
    }
}
