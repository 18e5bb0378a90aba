package dev.engram.observe.sense;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sense's handler threads: transcription on a configured few {@code sense-transcribe-N}, OCR on one
 * {@code sense-describe}, checks and completions on one {@code sense-check}, all at the lowest priority (see
 * package-info); and {@code sense-timer}, which drains the deferred segments when a burst hold ends
 * ({@link Admission}). Their queues are bounded by admission ({@link #fits}: {@link Admission} admits a segment only
 * when it fits, under its lock), not by the queue itself, so a file is never rejected for want of room.
 */
record Pools(ThreadPoolExecutor transcribe, ThreadPoolExecutor describe, ThreadPoolExecutor check,
             ScheduledThreadPoolExecutor timer) {

    static Pools create(int transcribers) {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "sense-timer");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        return new Pools(pool("sense-transcribe", transcribers), pool("sense-describe", 1), pool("sense-check", 1),
                timer);
    }

    void shutdownNow() {
        transcribe.shutdownNow();
        describe.shutdownNow();
        check.shutdownNow();
        timer.shutdownNow();
    }

    /**
     * After {@link #shutdownNow}: waits, {@code seconds} in all, until every thread has ended, completions on
     * {@code sense-check} and the timer's drain included; false when one is still running then.
     */
    boolean awaitTermination(long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (ExecutorService e : List.of(transcribe, describe, check, timer)) {
            if (!e.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether each handler's queue has room for the segment's files of its kind, at most {@code queue} files
     * waiting in each (an empty queue takes a segment of any size, so that none waits forever).
     */
    boolean fits(List<String> files, int queue) {
        int audio = 0;
        int video = 0;
        int text = 0;
        for (String name : files) {
            switch (FileKind.of(name)) {
                case AUDIO -> audio++;
                case VIDEO -> video++;
                case TEXT -> text++;
                default -> { }
            }
        }
        return room(transcribe, audio, queue) && room(describe, video, queue) && room(check, text, queue);
    }

    private static boolean room(ThreadPoolExecutor pool, int files, int queue) {
        int waiting = pool.getQueue().size();
        return files == 0 || waiting == 0 || waiting + files <= queue;
    }

    private static ThreadPoolExecutor pool(String name, int threads) {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor p = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, name + (threads > 1 ? "-" + n.incrementAndGet() : ""));
                    t.setDaemon(true);
                    // derived work yields to capture: nice 19 under bin/engram, and so are ffmpeg and tesseract,
                    // which inherit the nice of the thread that starts them (see package-info)
                    t.setPriority(Thread.MIN_PRIORITY);
                    return t;
                });
        p.allowCoreThreadTimeOut(true);
        return p;
    }
}
