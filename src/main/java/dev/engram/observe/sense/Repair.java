package dev.engram.observe.sense;

import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import dev.engram.journal.Segment;
import dev.engram.journal.SegmentFiles;
import dev.engram.observe.api.MediaRepair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@link MediaRepair} of a day (the daily run's first step, {@code engram think}'s repair): each segment's media
 * without its extract beside it ({@link Extracts}: none, or a file that is not its extract, which is then an error) is
 * processed again as a batch ({@code batch: true} on its events), one
 * {@link Sense#process} per segment that has some; the result sums them.
 *
 * <p><b>Threads:</b> only lists the day and queues (deferred while sense's queues are full, like any segment); the
 * future completes on sense's threads once every segment was observed.
 *
 * <p><b>Failures:</b> a file that fails again is an error of the result ({@code "<segment>/<file>: <why>"}) and, like
 * any, of its segment's {@code observe.observed}; a day without media to repair completes at once, empty.
 */
final class Repair {
    private Repair() {
    }

    static CompletableFuture<MediaRepair.Result> day(Journal journal, Sense sense, Day day) {
        List<CompletableFuture<Sense.Outcome>> runs = new ArrayList<>();
        for (Segment s : journal.days().segments(day)) {
            SegmentFiles sf = journal.days().files(s);
            Extracts.Plan plan = Extracts.plan(sf, sf.names(), false);
            List<String> missing = plan.verdicts().entrySet().stream().filter(e -> !e.getValue().done())
                    .map(Map.Entry::getKey).toList();
            if (!missing.isEmpty()) {
                runs.add(sense.process(s, missing, Map.of(), false, true));
            }
        }
        return CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).thenApply(x -> {
            List<Sense.Outcome> done = runs.stream().map(CompletableFuture::join).toList();
            return new MediaRepair.Result(day.key(), done.stream().map(Sense.Outcome::segment).toList(),
                    done.stream().mapToInt(o -> o.processed().size()).sum(), done.stream().flatMap(o -> o.errors()
                    .stream().map(e -> o.segment() + "/" + e)).toList());
        });
    }
}
