package dev.engram.observe.sense;

import dev.engram.journal.Segment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One segment's files in progress: what became of each (done, checked, skipped, failed, counted in the
 * {@link SenseReport}), and {@code onFinish} called once, when the last one is done. Armed with one pending count
 * that {@link Handlers} releases after dispatching every file, so a segment whose files all finish at once is
 * still finished exactly once. Thread-safe.
 */
final class SegmentRun {
    final Segment segment;
    final Map<String, Object> origin;
    final boolean batch;
    final long startNanos = System.nanoTime();
    final CompletableFuture<Sense.Outcome> future;
    /** Whether it waited among the deferred segments first, and its deferral log line ({@code -1}: none). */
    final boolean deferred;
    final long deferralOffset;
    private final SenseReport report;
    private final Consumer<SegmentRun> onFinish;
    private final AtomicInteger pending = new AtomicInteger(1); // the arming count, released after dispatch
    private final List<String> done = new ArrayList<>();
    private final List<String> checked = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    /** Per error, what the owner must do when a retry alone cannot fix it, else null. */
    private final List<Remedy> remedies = new ArrayList<>();
    private int awaitingSetup;

    SegmentRun(Segment segment, Map<String, Object> origin, boolean batch, SenseReport report,
               Consumer<SegmentRun> onFinish, CompletableFuture<Sense.Outcome> future, boolean deferred,
               long deferralOffset) {
        this.segment = segment;
        this.future = future == null ? new CompletableFuture<>() : future;
        this.deferred = deferred;
        this.deferralOffset = deferralOffset;
        this.origin = Map.copyOf(origin);
        this.batch = batch;
        this.report = report;
        this.onFinish = onFinish;
    }

    /** The fields every event about this segment carries: day, segment, the origin, and {@code batch}. */
    Map<String, Object> fields() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("day", segment.day().key());
        f.put("segment", segment.key().key());
        f.putAll(origin);
        if (batch) {
            f.put("batch", true);
        }
        return f;
    }

    void add() {
        pending.incrementAndGet();
    }

    synchronized List<String> errors() {
        return List.copyOf(errors);
    }

    /** Whether every failed file failed only because what it needs is not configured (no transcription endpoint). */
    synchronized boolean onlyAwaitingSetup() {
        return !errors.isEmpty() && awaitingSetup == errors.size();
    }

    synchronized List<String> processed() {
        return List.copyOf(done);
    }

    synchronized List<String> checked() {
        return List.copyOf(checked);
    }

    synchronized List<String> skipped() {
        return List.copyOf(skipped);
    }

    void done(String name) {
        synchronized (this) {
            done.add(name);
        }
        report.filesDone.incrementAndGet();
        fileDone();
    }

    void checked(String name) {
        synchronized (this) {
            checked.add(name);
        }
        report.filesDone.incrementAndGet();
        fileDone();
    }

    void skipped(String name) {
        synchronized (this) {
            skipped.add(name);
        }
        report.filesSkipped.incrementAndGet();
        fileDone();
    }

    /** A file that failed in a way a retry may fix (a provider's error, a timeout). */
    void failed(String name, String why) {
        failed(name, why, null);
    }

    /** A file that failed; {@code remedy}: what the owner must do when a retry alone cannot fix it, else null. */
    void failed(String name, String why, Remedy remedy) {
        synchronized (this) {
            errors.add(error(name, why));
            remedies.add(remedy);
        }
        report.filesFailed.incrementAndGet();
        fileDone();
    }

    /** Per error of {@link #errors()}, its {@link Remedy} or null (retrying may fix it). */
    synchronized List<Remedy> remedies() {
        return Collections.unmodifiableList(new ArrayList<>(remedies)); // nulls: List.copyOf refuses them
    }

    /** A file that needs something the owner has not configured: an error of the segment, counted apart. */
    void awaitingSetup(String name, String why) {
        synchronized (this) {
            errors.add(error(name, why));
            remedies.add(null);
            awaitingSetup++;
        }
        report.filesAwaitingSetup.incrementAndGet();
        fileDone();
    }

    /**
     * {@code "<file>: <why>"}; a why that starts with the file's name (the handlers' messages name their file, for
     * callers of their API) does not repeat it: {@code "a.mp4: has no video stream"}.
     */
    static String error(String name, String why) {
        return name + ": " + (why.startsWith(name + " ") ? why.substring(name.length() + 1) : why);
    }

    void fileDone() {
        if (pending.decrementAndGet() == 0) {
            onFinish.accept(this);
        }
    }
}
