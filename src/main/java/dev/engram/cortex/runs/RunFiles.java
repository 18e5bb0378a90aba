package dev.engram.cortex.runs;

import dev.engram.app.AppContext;
import dev.engram.cortex.api.AgentRun;
import dev.engram.cortex.api.RunEvent;
import dev.engram.journal.InvalidNameException;
import dev.engram.journal.Journal;
import dev.engram.journal.JournalException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read side of runs, over {@code agents/} in the journal: a run's summary and events, the runs of a day, the days
 * with runs, and closing the {@code _active} files no run of this process owns (left by a crash or a kill). What
 * {@link Runs} answers for runs that are not its own, and for its own from their files. Stateless: safe from any
 * thread; a file that cannot be read is a warning and reads as absent.
 */
final class RunFiles {
    private static final Logger LOG = LoggerFactory.getLogger(RunFiles.class);
    private final Journal journal;
    private final AppContext context;
    private final Clock clock;

    RunFiles(AppContext context, Clock clock) {
        this.context = context;
        this.journal = context.journal();
        this.clock = clock;
    }

    /** The run's summary from its file; {@code runningHere}: still shown (as running) when its file is unreadable. */
    Optional<AgentRun> find(String id, boolean runningHere) {
        try {
            return journal.agents().read(id).map(r -> Summaries.of(id, r.active(), convert(id, r)));
        } catch (InvalidNameException e) {
            return Optional.empty();
        } catch (JournalException e) {
            LOG.warn("cannot read agent run {}: {}", id, e.getMessage());
            return runningHere ? Optional.of(Summaries.of(id, true, List.of())) : Optional.empty();
        }
    }

    /** The runs requested on this local day, newest first. */
    List<AgentRun> list(LocalDate day, Predicate<String> runningHere) {
        ZoneId zone = clock.getZone();
        List<AgentRun> out = new ArrayList<>();
        for (String id : journal.agents().ids()) {
            long ms = Summaries.parseId(id);
            if (ms > 0 && Instant.ofEpochMilli(ms).atZone(zone).toLocalDate().equals(day)) {
                find(id, runningHere.test(id)).ifPresent(out::add);
            }
        }
        out.sort(Comparator.comparingLong(AgentRun::startedMs).reversed());
        return out;
    }

    /** The local days with runs, newest first. */
    List<LocalDate> days() {
        ZoneId zone = clock.getZone();
        return journal.agents().ids().stream().mapToLong(Summaries::parseId).filter(ms -> ms > 0)
                .mapToObj(ms -> Instant.ofEpochMilli(ms).atZone(zone).toLocalDate()).distinct()
                .sorted(Comparator.reverseOrder()).toList();
    }

    /** The events written to the run's file (none for an unknown or invalid id). */
    List<RunEvent> events(String id) {
        try {
            return journal.agents().read(id).map(r -> convert(id, r)).orElse(List.of());
        } catch (InvalidNameException e) {
            return List.of();
        }
    }

    /**
     * Closes the {@code _active} files no run of this process owns with an {@code error} event (also broadcast) and
     * completes them; answers how many were closed.
     */
    int closeStale(Predicate<String> ours) {
        int closed = 0;
        for (String id : journal.agents().activeIds()) {
            if (ours.test(id)) {
                continue;
            }
            try {
                RunEvent end = new RunEvent("error", clock.millis(), id, Map.of("error",
                        "Engram stopped while this run was going; the run was closed when Engram started again"));
                journal.agents().append(id, RunLog.toJournal(end));
                journal.agents().complete(id);
                Map<String, Object> bus = new LinkedHashMap<>(end.toMap());
                bus.remove("event");
                context.emit("cortex", "error", bus);
                closed++;
                LOG.warn("agent run {} was left running by an earlier Engram: closed with an error event", id);
            } catch (JournalException e) {
                LOG.warn("cannot close the stale agent run {}: {}", id, e.getMessage());
            }
        }
        return closed;
    }

    private static List<RunEvent> convert(String id, dev.engram.journal.Agents.Run r) {
        return r.events().stream().map(e -> RunLog.fromJournal(id, e)).toList();
    }
}
