package dev.engram.demo;

import dev.engram.journal.Day;
import dev.engram.journal.Extra;
import dev.engram.journal.FacetEvent;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Events of one facet-day: a meeting or call for every conversation segment, one work block from the flow, and
 * now and then an anticipated follow-up with a future {@code date} (returned separately: it is filed under its own
 * date, after all days are written).
 */
final class EventMaker {
    /** An event filed under {@code day} of {@code facet}. */
    record Filed(String facet, Day day, FacetEvent event) {
    }

    private EventMaker() {
    }

    static List<FacetEvent> occurred(LocalDate date, FacetTheme facet, List<SegmentPlan> plans, Dice dice) {
        List<FacetEvent> out = new ArrayList<>();
        String day = Day.of(date.getYear(), date.getMonthValue(), date.getDayOfMonth()).key();
        SegmentPlan block = null;
        for (SegmentPlan p : plans) {
            Scene s = p.scene();
            if (s.activity().conversation) {
                LocalTime end = p.end().plusSeconds(dice.chance(0.5) ? 0 : 60L * dice.between(5, 25));
                out.add(event(s.activity() == Activity.CALL ? "call" : "meeting", p.start(), end, Optional.empty(),
                        MeetingTitle.of(p), s.fill("Talked through {topic} with {person}.", dice), facet, "meetings",
                        true, day + "/insights/meetings.md", s.participantNames(),
                        s.fill("Agreed next steps on {topic}; {person} follows up.", dice)));
            } else if (block == null) {
                block = p;
            }
        }
        if (block != null) {
            Scene s = block.scene();
            out.add(event("task", block.start(), block.end().plusSeconds(60L * dice.between(10, 80)), Optional.empty(),
                    capitalized(InsightMaker.doing(s.activity())) + ": " + s.topic(),
                    s.fill("Focused work on {topic}.", dice), facet, "flow", true, day + "/insights/flow.md",
                    List.of(), ""));
        }
        return out;
    }

    /** A follow-up of a meeting, expected one to ten days later; empty when the day had no meeting. */
    static Optional<Filed> anticipated(LocalDate date, List<SegmentPlan> plans, Dice dice) {
        List<SegmentPlan> meetings = plans.stream().filter(p -> p.scene().activity() == Activity.MEETING).toList();
        if (meetings.isEmpty() || !dice.chance(0.6)) {
            return Optional.empty();
        }
        SegmentPlan p = dice.pick(meetings);
        Scene s = p.scene();
        LocalDate when = date.plusDays(dice.between(1, 10));
        String day = Day.of(date.getYear(), date.getMonthValue(), date.getDayOfMonth()).key();
        FacetEvent e = event("meeting", LocalTime.of(dice.between(9, 16), dice.chance(0.5) ? 0 : 30), null,
                Optional.of(when.toString()), "Follow-up: " + MeetingTitle.of(p),
                s.fill("Planned follow-up on {topic}.", dice), s.facet(), "meetings", false,
                day + "/insights/meetings.md", s.participantNames(), "");
        return Optional.of(new Filed(s.facet().name(), new Day(when), e));
    }

    private static FacetEvent event(String type, LocalTime start, LocalTime end, Optional<String> date, String title,
                                    String summary, FacetTheme facet, String topic, boolean occurred, String source,
                                    List<String> participants, String details) {
        return new FacetEvent(type, Optional.of(DemoTime.hms(start)),
                Optional.ofNullable(end).map(t -> DemoTime.hms(t.isBefore(start) ? LocalTime.MAX.withNano(0) : t)),
                date, title, summary, Optional.of(facet.name()), topic, occurred, source, facet.work(), participants,
                details, Extra.empty());
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
