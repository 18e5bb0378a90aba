package dev.engram.think;

import dev.engram.journal.Day;
import dev.engram.journal.Insight;
import dev.engram.journal.Journal;
import dev.engram.journal.Segment;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily run's step before the daily insights: segments of the day whose enabled segment insights are not all
 * there (their run failed: provider error, the queue was full, no provider at the time) are run again, at most
 * {@code limit} segments per day (the others are counted as left, said). A segment whose insights all exist is not
 * touched unless {@code force} (then every segment of the day is redone). Each insight is logged by the runner;
 * the step adds {@code think-segments ...} to the task log and {@code think.segments_retried} on the bus when it did
 * something. Never throws for one segment: a failing segment is reported and the others go on.
 */
record SegmentRetries(Journal journal, ThinkRunner runner, ThinkEvents events, int limit) {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentRetries.class);
    static final int DEFAULT_LIMIT = 50;

    /** Redoes what is missing on {@code day}; returns one line when there was something to redo. */
    Optional<String> run(Day day, boolean force) {
        Set<String> topics = InsightTemplates.load(journal).enabled("segment").stream().map(InsightTemplate::name)
                .collect(Collectors.toSet());
        if (topics.isEmpty()) {
            return Optional.empty();
        }
        List<Segment> missing = journal.days().segments(day).stream().filter(s -> force || !complete(s, topics))
                .toList();
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        int left = Math.max(0, missing.size() - limit);
        ThinkRunner.Result r = ThinkRunner.Result.empty();
        int failedSegments = 0;
        for (Segment s : missing.subList(0, missing.size() - left)) {
            if (Thread.currentThread().isInterrupted()) {
                left += 1;
                continue;
            }
            try {
                ThinkRunner.Result one = runner.segment(day, s.key(), Optional.empty(), force);
                r = r.plus(one);
                failedSegments += one.failed() > 0 ? 1 : 0;
            } catch (RuntimeException e) {
                failedSegments++;
                r = r.plus(new ThinkRunner.Result(0, 0, 1, 0, List.of(day.key() + "/" + s.key().key() + ": "
                        + e.getMessage())));
                LOG.warn("think: redoing the insights of {}/{} failed: {}", day.key(), s.key().key(), e.toString());
            }
        }
        int done = missing.size() - left;
        String line = done + " segment(s) redone: " + r.written() + " insight(s) written, " + r.failed()
                + " failed" + (left > 0 ? ", " + left + " left (think.segment_retry_limit is " + limit + ")" : "");
        if (left > 0) {
            LOG.warn("think: {}: {} segment(s) with missing insights not redone (think.segment_retry_limit {});"
                    + " engram think --day {} --segment S redoes one", day.key(), left, limit, day.key());
        }
        runner.log(day, "think-segments " + line);
        events.emit("segments_retried", Map.of("day", day.key(), "segments", done, "written", r.written(),
                "failed", r.failed(), "failed_segments", failedSegments, "left", left));
        return Optional.of("segment insights: " + line);
    }

    private boolean complete(Segment s, Set<String> topics) {
        Set<String> have = journal.days().files(s).insights().stream().filter(i -> !i.markdown().isBlank())
                .map(Insight::topic).collect(Collectors.toSet());
        return have.containsAll(topics);
    }
}
