package dev.engram.demo;

import dev.engram.journal.Day;
import dev.engram.journal.Durability;
import dev.engram.journal.Journal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Generates a demo journal (see the package comment). Writes with {@link Durability#BULK}: atomic renames, no fsync,
 * since the data can be regenerated.
 */
public final class DemoGenerator {
    private DemoGenerator() {
    }

    /**
     * Writes a demo journal into {@code root}. A folder that already holds a demo journal is left unchanged (the
     * result says {@code created == false}) unless {@code force}, which regenerates it. Any other journal, and any
     * non-empty folder that is not a journal, is always refused: a real journal is never deleted.
     */
    public static DemoResult generate(Path root, DemoSpec spec, boolean force, DemoProgress progress) {
        long started = System.nanoTime();
        Path abs = root.toAbsolutePath().normalize();
        DemoTarget.Kind kind = DemoTarget.classify(abs);
        switch (kind) {
            case FOREIGN -> throw new DemoRefusedException("refusing to write a demo journal into " + abs
                    + (Files.isDirectory(abs) ? ": the folder is not empty and is not a journal" : ": it is a file")
                    + "; choose a new or empty folder with --journal");
            case JOURNAL -> throw new DemoRefusedException("refusing to write a demo journal into " + abs
                    + ": it holds a real journal (not one made by engram demo), which is never replaced;"
                    + " choose a new or empty folder with --journal");
            case DEMO -> {
                if (!force && DemoTarget.complete(abs)) {
                    return measure(abs, existingSpec(abs, spec), false, false, 0, started);
                }
            }
            case FREE -> { }
        }
        boolean interrupted = kind == DemoTarget.Kind.DEMO && !DemoTarget.complete(abs);
        if (kind != DemoTarget.Kind.FREE) {
            DemoTarget.clear(abs);
        }
        try {
            Files.createDirectories(abs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + abs + ": " + e.getMessage(), e);
        }
        // The first file written is the marker saying "incomplete", the last change marks it complete: a run killed
        // at any point leaves a folder that is free, or a demo journal recognisably incomplete (regenerated next run).
        Journal journal = Journal.open(abs).withDurability(Durability.BULK);
        JournalSetup.markStarted(journal, spec);
        JournalSetup.write(journal, spec);
        int todos = writeDays(journal, spec, progress);
        AgentRuns.write(journal, new Day(spec.end()));
        JournalSetup.markComplete(journal);
        return measure(abs, spec, true, interrupted, todos, started);
    }

    private static int writeDays(Journal journal, DemoSpec spec, DemoProgress progress) {
        int threads = Math.min(8, Math.max(2, Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        int[] done = {0};
        try {
            List<Future<DayWriter.Outcome>> futures = new ArrayList<>();
            for (int i = 0; i < spec.days(); i++) {
                Day day = new Day(spec.firstDay().plusDays(i));
                boolean last = day.date().equals(spec.end());
                futures.add(pool.submit(() -> {
                    DayWriter.Outcome o = DayWriter.write(journal, day, spec.segmentsPerDay(), spec.seed(), last);
                    synchronized (done) {
                        progress.dayWritten(++done[0], spec.days());
                    }
                    return o;
                }));
            }
            int todos = 0;
            List<EventMaker.Filed> anticipated = new ArrayList<>();
            for (Future<DayWriter.Outcome> f : futures) {
                DayWriter.Outcome o = join(f);
                todos += o.todos();
                o.anticipated().ifPresent(anticipated::add);
            }
            // Written after all days, in day order: an anticipation may land in a file another day task wrote.
            for (EventMaker.Filed e : anticipated) {
                journal.facetStore(e.facet()).appendEvents(e.day(), List.of(e.event()));
            }
            return todos;
        } finally {
            pool.shutdownNow();
        }
    }

    private static DayWriter.Outcome join(Future<DayWriter.Outcome> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("demo day failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the demo journal", e);
        }
    }

    /** The spec recorded in an existing demo journal's marker, or {@code fallback} when it cannot be read. */
    private static DemoSpec existingSpec(Path root, DemoSpec fallback) {
        try {
            Map<?, ?> m = DemoTarget.marker(root).orElseThrow();
            return new DemoSpec(((Number) m.get("days")).intValue(), ((Number) m.get("segments_per_day")).intValue(),
                    ((Number) m.get("seed")).longValue(), LocalDate.parse((String) m.get("end")));
        } catch (RuntimeException e) {
            return fallback;
        }
    }

    private static DemoResult measure(Path root, DemoSpec spec, boolean created, boolean interrupted, int todos,
                                      long started) {
        long files = 0;
        long bytes = 0;
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (Files.isRegularFile(p)) {
                    files++;
                    bytes += Files.size(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure " + root + ": " + e.getMessage(), e);
        }
        return new DemoResult(root, created, spec, spec.days(), spec.segments(), World.FACETS.size(), todos, files,
                bytes, (System.nanoTime() - started) / 1e9, interrupted);
    }
}
