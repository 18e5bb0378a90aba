package dev.engram.demo;

import dev.engram.journal.SegmentKey;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Spreads a day's segments through the waking day (07:00 to 23:00) in {@value #LENGTH}-second slots, and picks an
 * activity for each by time of day and weekday. When more segments are asked for than the waking day holds, the
 * whole day is used (288 slots at most).
 */
final class DayPlanner {
    static final int LENGTH = 300;
    static final int MAX_SEGMENTS = 24 * 3600 / LENGTH;
    private static final int WAKING_START = 7 * 3600;
    private static final int WAKING_SLOTS = 16 * 3600 / LENGTH;

    private DayPlanner() {
    }

    static List<SegmentPlan> plan(LocalDate date, int count, Dice dice) {
        boolean waking = count <= WAKING_SLOTS;
        int first = waking ? WAKING_START + dice.between(0, 59) : 0;
        int slots = waking ? WAKING_SLOTS : MAX_SEGMENTS;
        List<Integer> chosen = new ArrayList<>(dice.sample(range(slots), count));
        chosen.sort(null);
        boolean weekday = date.getDayOfWeek() != DayOfWeek.SATURDAY && date.getDayOfWeek() != DayOfWeek.SUNDAY;
        String screenFile = dice.chance(0.5) ? "screen.jsonl" : "center_DP-1_screen.jsonl";
        List<SegmentPlan> out = new ArrayList<>(count);
        for (int slot : chosen) {
            LocalTime start = LocalTime.ofSecondOfDay(first + (long) slot * LENGTH);
            boolean workHours = weekday && start.getHour() >= 9 && start.getHour() < 18;
            Activity activity = activity(start.getHour(), workHours, dice);
            Scene scene = Scene.draw(World.facet(activity.facet(workHours)), activity, dice);
            out.add(new SegmentPlan(SegmentKey.of(start, LENGTH), scene, dice.chance(activity.tmuxChance), screenFile));
        }
        return out;
    }

    private static Activity activity(int hour, boolean workHours, Dice dice) {
        double r = dice.unit();
        if (workHours) {
            return r < 0.25 ? Activity.MEETING : r < 0.55 ? Activity.CODING : r < 0.68 ? Activity.TERMINAL
                    : r < 0.78 ? Activity.READING : r < 0.88 ? Activity.MESSAGING : r < 0.97 ? Activity.PLANNING
                    : Activity.CALL;
        }
        if (hour < 9) {
            return r < 0.45 ? Activity.WORKOUT : r < 0.75 ? Activity.READING : Activity.ERRANDS;
        }
        return r < 0.3 ? Activity.CODING : r < 0.4 ? Activity.TERMINAL : r < 0.55 ? Activity.CALL
                : r < 0.72 ? Activity.ERRANDS : r < 0.82 ? Activity.WORKOUT : r < 0.94 ? Activity.READING
                : Activity.MEETING;
    }

    private static List<Integer> range(int n) {
        List<Integer> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }
}
