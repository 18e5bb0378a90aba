package dev.engram.demo;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** Markdown insights: a segment's {@code activity.md}, and a day's {@code flow.md} and {@code meetings.md}. */
final class InsightMaker {
    private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter TITLE = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.ENGLISH);
    private static final List<String> OPENERS = List.of("Maren spent this segment on {topic}.",
            "Most of these five minutes went to {topic}.", "Focus stayed on {topic}, with one short interruption.",
            "A working block about {topic}.");

    private InsightMaker() {
    }

    static String activity(SegmentPlan plan, Dice dice) {
        Scene s = plan.scene();
        StringBuilder sb = new StringBuilder();
        sb.append("# Activity ").append(HM.format(plan.start())).append("–").append(HM.format(plan.end()))
                .append("\n\n").append(s.fill(dice.pick(OPENERS), dice)).append("\n\n");
        sb.append("- **Facet:** ").append(s.facet().title()).append('\n');
        sb.append("- **Doing:** ").append(doing(s.activity())).append('\n');
        if (!s.people().isEmpty() && s.activity().conversation) {
            sb.append("- **With:** ").append(String.join(", ", s.participantNames())).append('\n');
        }
        if (plan.tmux()) {
            sb.append("- **Terminal:** tmux session `").append(s.facet().name()).append("`\n");
        }
        return sb.toString();
    }

    static String flow(LocalDate date, List<SegmentPlan> plans) {
        StringBuilder sb = new StringBuilder("# Flow of ").append(TITLE.format(date)).append("\n\n");
        String block = null;
        for (SegmentPlan p : plans) {
            String part = p.start().isBefore(LocalTime.NOON) ? "Morning"
                    : p.start().isBefore(LocalTime.of(18, 0)) ? "Afternoon" : "Evening";
            if (!part.equals(block)) {
                sb.append(block == null ? "" : "\n").append("## ").append(part).append("\n\n");
                block = part;
            }
            Scene s = p.scene();
            sb.append("- ").append(HM.format(p.start())).append(" ").append(s.facet().emoji()).append(' ')
                    .append(doing(s.activity())).append(": ").append(s.topic()).append('\n');
        }
        return sb.toString();
    }

    static String meetings(LocalDate date, List<SegmentPlan> plans) {
        StringBuilder sb = new StringBuilder("# Meetings on ").append(TITLE.format(date)).append("\n\n");
        List<SegmentPlan> meetings = plans.stream().filter(p -> p.scene().activity().conversation).toList();
        if (meetings.isEmpty()) {
            return sb.append("No meetings or calls were recorded today.\n").toString();
        }
        for (SegmentPlan p : meetings) {
            Scene s = p.scene();
            sb.append("## ").append(HM.format(p.start())).append("–").append(HM.format(p.end())).append(' ')
                    .append(MeetingTitle.of(p)).append("\n\n")
                    .append("- **Participants:** Maren, ").append(String.join(", ", s.participantNames())).append('\n')
                    .append("- **Topic:** ").append(s.topic()).append('\n')
                    .append("- **Facet:** ").append(s.facet().title()).append("\n\n");
        }
        return sb.toString();
    }

    static String doing(Activity a) {
        return switch (a) {
            case MEETING -> "meeting";
            case CODING -> "coding";
            case TERMINAL -> "terminal work";
            case READING -> "reading";
            case MESSAGING -> "chat";
            case PLANNING -> "planning";
            case CALL -> "phone call";
            case ERRANDS -> "errands";
            case WORKOUT -> "exercise";
        };
    }
}
