package dev.engram.demo;

import dev.engram.journal.Day;
import dev.engram.journal.Days;
import dev.engram.journal.Journal;
import dev.engram.journal.Segment;
import dev.engram.journal.SegmentFiles;
import java.util.List;
import java.util.Optional;

/**
 * Writes everything of one day: its segments (transcript, screen, tmux, activity insight), its day insights, token
 * usage and each facet's day. Only this task writes the day's files, so days can run in parallel.
 */
final class DayWriter {
    /** What a day produced, and the anticipated event it leaves for later. */
    record Outcome(int segments, int todos, Optional<EventMaker.Filed> anticipated) {
    }

    private DayWriter() {
    }

    static Outcome write(Journal journal, Day day, int segmentsPerDay, long seed, boolean lastDay) {
        Dice dice = Dice.forDay(seed, day.date().toEpochDay());
        List<SegmentPlan> plans = DayPlanner.plan(day.date(), segmentsPerDay, dice);
        Days days = journal.days();
        for (SegmentPlan plan : plans) {
            Segment segment = days.createSegment(day, plan.key());
            SegmentFiles files = days.files(segment);
            files.writeAudio(TranscriptMaker.make(plan, dice));
            files.writeScreen(ScreenMaker.make(plan, dice));
            if (plan.tmux()) {
                files.writeScreen(TmuxMaker.make(plan, day.date(), dice));
            }
            files.writeInsight("activity", InsightMaker.activity(plan, dice));
            journal.tokens().record(day, TokenMaker.describe(day.date(), plan, dice));
        }
        days.writeInsight(day, "flow", InsightMaker.flow(day.date(), plans));
        days.writeInsight(day, "meetings", InsightMaker.meetings(day.date(), plans));
        journal.tokens().record(day, TokenMaker.insight(day.date(), "flow", plans.size(), dice));
        journal.tokens().record(day, TokenMaker.insight(day.date(), "meetings", plans.size(), dice));
        int todos = 0;
        for (FacetTheme facet : World.FACETS) {
            List<SegmentPlan> mine = plans.stream().filter(p -> p.scene().facet() == facet).toList();
            todos += FacetDayMaker.write(journal.facetStore(facet.name()), facet, day, lastDay, mine, dice);
        }
        return new Outcome(plans.size(), todos, EventMaker.anticipated(day.date(), plans, dice));
    }
}
