package dev.engram.observe.api;

import dev.engram.journal.Day;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Sense's repair of a day (the daily run's first step, the reference's {@code observe-sense --day D}): every
 * segment of the day with media (audio, screen video) that has no extract beside it (never processed, or its
 * processing failed: a failed file leaves no extract) is sensed again, with {@code observe.*} events carrying
 * {@code batch: true}. Registered by the composition root (implemented by the sense service); think finds it with
 * {@code context.findService(MediaRepair.class)}.
 *
 * <p><b>Threads:</b> {@link #repair} only queues the work on sense's own threads and never blocks; the caller waits
 * on the future, bounded by its own timeout. <b>Failures:</b> a file that fails again is named in
 * {@link Result#errors()} (and, as for every segment, in sense's {@code observe.observed}, log and notice).
 */
public interface MediaRepair {
    /** Whether audio can be transcribed now (without it, every audio file of a repair would fail). */
    boolean transcriptionConfigured();

    /** One sentence telling the owner how to configure transcription. */
    String howToConfigure();

    /** Senses the day's unprocessed media again; completes once every segment concerned was observed. */
    CompletableFuture<Result> repair(Day day);

    /**
     * What a repair did.
     *
     * @param segments  the segments that had unprocessed media ({@code HHMMSS_LEN}), in order
     * @param processed media files whose extract was written now
     * @param errors    {@code "<segment>/<file>: <why>"} per file that failed again
     */
    record Result(String day, List<String> segments, int processed, List<String> errors) {
        public Result {
            segments = List.copyOf(segments);
            errors = List.copyOf(errors);
        }
    }
}
