package dev.engram.think;

import dev.engram.journal.Day;
import dev.engram.observe.api.MediaRepair;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily run's first step (the reference's {@code observe-sense --day D}): the day's media without an extract is
 * sensed again through {@link MediaRepair}, and the run waits for it, at most {@code timeoutSeconds} (then it goes on
 * without it, said). Skipped, said in the log and the task log, when no transcription endpoint is configured. Logged
 * in the task log ({@code think-repair ...}) and announced ({@code think.repair_done}). Never throws.
 */
record RepairStep(MediaRepair repair, int timeoutSeconds) {
    private static final Logger LOG = LoggerFactory.getLogger(RepairStep.class);

    /** Runs the repair of {@code day}; returns one line saying what happened. */
    String run(Day day, ThinkRunner runner, ThinkEvents events) {
        if (!repair.transcriptionConfigured()) {
            LOG.info("think: media of {} not repaired: no transcription configured ({})", day.key(),
                    repair.howToConfigure());
            runner.log(day, "think-repair skipped: no transcription configured");
            return "media repair skipped: no transcription configured (" + repair.howToConfigure() + ")";
        }
        String line;
        try {
            CompletableFuture<MediaRepair.Result> f = repair.repair(day);
            MediaRepair.Result r = f.get(timeoutSeconds, TimeUnit.SECONDS);
            line = r.segments().size() + " segment(s), " + r.processed() + " file(s) processed"
                    + (r.errors().isEmpty() ? "" : ", " + r.errors().size() + " failed: "
                    + String.join("; ", r.errors()));
            events.emit("repair_done", Map.of("day", day.key(), "segments", r.segments(), "processed",
                    r.processed(), "errors", r.errors()));
        } catch (TimeoutException e) {
            LOG.warn("think: the media repair of {} still runs after {} s; the daily insights go on without it",
                    day.key(), timeoutSeconds);
            line = "still running after " + timeoutSeconds + " s; not waited for";
        } catch (ExecutionException | RuntimeException e) {
            Throwable c = e instanceof ExecutionException x && x.getCause() != null ? x.getCause() : e;
            LOG.warn("think: the media repair of {} failed: {}", day.key(), c.toString());
            line = "failed: " + c.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            line = "interrupted";
        }
        runner.log(day, "think-repair " + line);
        return "media repair: " + line;
    }
}
