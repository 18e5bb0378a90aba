package dev.engram.think;

import dev.engram.cortex.api.Agents;
import dev.engram.journal.Day;
import dev.engram.journal.EntityPromotion;
import dev.engram.journal.Journal;
import dev.engram.observe.api.MediaRepair;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily run ("dream") of one day as a chain of steps, and which days are due: sense's repair of the day's media
 * ({@link RepairStep}), the missing segment insights ({@link SegmentRetries}), the daily insights and their
 * extractions ({@link ThinkRunner}), then, when no daily insight failed, the {@code think-dream done} mark, the
 * scheduled agents ({@link ScheduledAgents}) and the entity promotion. Runs on the caller's thread (the service's
 * worker, or the CLI's); each step is logged in the day's {@code task_log.txt} and announced as {@code think.*}.
 */
final class DailyRun {
    private static final Logger LOG = LoggerFactory.getLogger(DailyRun.class);
    static final String DONE = "think-dream done";

    private final Journal journal;
    private final ThinkRunner runner;
    private final ThinkEvents events;
    private final Clock clock;
    private final ThinkSettings settings;
    private final Supplier<Optional<Agents>> agents;
    private final Supplier<Optional<MediaRepair>> repair;

    /** {@code agents} and {@code repair} are looked up at each run (empty: that step is left out). */
    DailyRun(Journal journal, ThinkRunner runner, ThinkEvents events, Clock clock, ThinkSettings settings,
             Supplier<Optional<Agents>> agents, Supplier<Optional<MediaRepair>> repair) {
        this.journal = journal;
        this.runner = runner;
        this.events = events;
        this.clock = clock;
        this.settings = settings;
        this.agents = agents;
        this.repair = repair;
    }

    /**
     * The daily run for one day, in the reference's order: sense's repair of the day's media, the segment insights
     * that are missing (failed earlier; {@link SegmentRetries}), the daily insights and their extractions, then (when
     * no daily insight failed) the scheduled agents; {@code notes} hears one line per step (also in the task log).
     */
    ThinkRunner.Result dream(Day day, boolean force, Consumer<String> notes) {
        events.emit("daily_start", Map.of("day", day.key()));
        runner.log(day, "think-dream starting");
        repair.get().map(m -> new RepairStep(m, settings.number("repair_timeout_seconds", 1, 1800))
                .run(day, runner, events)).ifPresent(notes);
        ThinkRunner.Result r;
        if (journal.days().segments(day).isEmpty()) {
            runner.log(day, "think-dream no recordings: no daily insights");
            r = ThinkRunner.Result.empty();
        } else {
            new SegmentRetries(journal, runner, events, settings.number("segment_retry_limit", 0,
                    SegmentRetries.DEFAULT_LIMIT)).run(day, force).ifPresent(notes);
            r = runner.daily(day, Optional.empty(), force);
        }
        if (r.failed() == 0) {
            runner.log(day, DONE + " " + r.written() + " written, " + r.kept() + " kept, " + r.events()
                    + " event(s)");
            scheduledAgents(day, force).ifPresent(notes);
            promoteEntities(day).ifPresent(notes);
        } else {
            runner.log(day, "think-dream failed " + r.failed() + " of " + (r.written() + r.kept() + r.failed()));
            notes.accept("scheduled agents not run: " + r.failed() + " insight(s) failed");
        }
        events.emit("daily_done", Map.of("day", day.key(), "written", r.written(), "kept", r.kept(),
                "failed", r.failed(), "events", r.events()));
        return r;
    }

    /**
     * After the agents (the entities persona detects): detected entities that recur are attached (see
     * {@link EntityPromotion}; the owner's own entries are never touched). A failure is logged and noted, never
     * stops the dream.
     */
    private Optional<String> promoteEntities(Day day) {
        try {
            EntityPromotion.Result p = EntityPromotion.promote(journal, day, clock);
            if (p.promoted().isEmpty()) {
                return Optional.empty();
            }
            String line = p.promoted().size() + " entit" + (p.promoted().size() == 1 ? "y" : "ies") + " promoted: "
                    + p.promoted().stream().map(e -> e.facet() + "/" + e.entity().name()).toList();
            runner.log(day, "think-promote " + line);
            return Optional.of(line);
        } catch (RuntimeException e) {
            LOG.warn("think: entity promotion for {} failed: {}", day.key(), e.toString());
            runner.log(day, "think-promote failed: " + e.getMessage());
            return Optional.of("entity promotion failed: " + e.getMessage());
        }
    }

    /**
     * After a good daily run: the daily scheduled agents by priority group (see {@link ScheduledAgents}); not again
     * for a day whose task log says they ran, unless forced. Returns what happened, for the by-hand run.
     */
    private Optional<String> scheduledAgents(Day day, boolean force) {
        Optional<Agents> a = agents.get();
        if (a.isEmpty()) {
            return Optional.empty();
        }
        if (!force && journal.days().taskLog(day).stream().anyMatch(l -> l.contains("\tthink-agents "))) {
            return Optional.of("scheduled agents already ran for " + day.key() + " (--force runs them again)");
        }
        events.emit("agents_start", Map.of("day", day.key()));
        ScheduledAgents.Outcome o = new ScheduledAgents(journal, a.get(), Duration.ofSeconds(settings.number(
                "agent_group_timeout_seconds", 1, 600))).run(day);
        String line = o.started().size() + " run(s) started" + (o.problems().isEmpty() ? ""
                : ", " + String.join("; ", o.problems()));
        runner.log(day, "think-agents " + line);
        events.emit("agents_done", Map.of("day", day.key(), "runs", o.started(), "problems", o.problems()));
        return Optional.of("scheduled agents: " + line);
    }

    /**
     * Days to dream as of {@code today}: after the last one done (or yesterday alone), before today, oldest first;
     * yesterday also when it has no recordings at all but a daily agent has {@code always: true}.
     */
    List<Day> pending(LocalDate today) {
        Day todayKey = new Day(today);
        List<Day> before = journal.days().list().stream().filter(d -> d.compareTo(todayKey) < 0).toList();
        Optional<Day> lastDone = before.reversed().stream().filter(this::done).findFirst();
        Day yesterday = todayKey.plusDays(-1);
        List<Day> todo = new ArrayList<>(before.stream().filter(d -> lastDone.map(l -> d.compareTo(l) > 0)
                .orElse(d.equals(yesterday))).toList());
        if (!todo.contains(yesterday) && !before.contains(yesterday)
                && agents.get().filter(ScheduledAgents::anyAlways).isPresent()) {
            todo.add(yesterday); // no recordings at all, but an `always` agent runs for it
        }
        int cap = settings.number("catch_up_days", 1, 7);
        if (todo.size() <= cap) {
            return todo;
        }
        List<Day> left = todo.subList(0, todo.size() - cap);
        LOG.warn("think: {} missed day(s) older than the last {} are not caught up ({} .. {}; think.catch_up_days"
                + " sets the limit): run engram think --day D for each to process them", left.size(), cap,
                left.getFirst().key(), left.getLast().key());
        return todo.subList(todo.size() - cap, todo.size());
    }

    private boolean done(Day day) {
        return journal.days().taskLog(day).stream().anyMatch(l -> l.contains("\t" + DONE));
    }
}
