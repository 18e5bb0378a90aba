package dev.engram.demo;

/** A stable title for a meeting (from its facet's meeting titles, by start time) or a call (by who called). */
final class MeetingTitle {
    private MeetingTitle() {
    }

    static String of(SegmentPlan plan) {
        Scene scene = plan.scene();
        if (scene.activity() == Activity.CALL && !scene.people().isEmpty()) {
            return "Call with " + scene.people().get(0).spoken();
        }
        var titles = plan.scene().facet().meetingTitles();
        return titles.get(Math.floorMod(plan.start().toSecondOfDay() / 300 + plan.scene().topic().length(),
                titles.size()));
    }
}
