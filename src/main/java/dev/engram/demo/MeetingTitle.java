package dev.engram.demo;

/** A stable title for a meeting or call segment, drawn from its facet's meeting titles by its start time. */
final class MeetingTitle {
    private MeetingTitle() {
    }

    static String of(SegmentPlan plan) {
        var titles = plan.scene().facet().meetingTitles();
        return titles.get(Math.floorMod(plan.start().toSecondOfDay() / 300 + plan.scene().topic().length(),
                titles.size()));
    }
}
