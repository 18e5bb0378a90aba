package dev.engram.demo;

import dev.engram.journal.Extra;
import dev.engram.journal.ScreenExtract;
import dev.engram.journal.ScreenFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The segment's screen extract ({@code screen.jsonl} or {@code center_DP-1_screen.jsonl}): a metadata line naming the
 * video, then a few qualified frames, each with its describe request, analysis, and on some frames the category
 * follow-up as markdown ({@link CategoryText}).
 */
final class ScreenMaker {
    static final String MODEL = "gemini-2.5-flash-lite";
    private static final Map<Activity, List<String>> VIEWS = Map.of(
            Activity.MEETING, List.of("A video call in the browser with {n} participant tiles; {person} is sharing a"
                    + " document about {topic}.", "Video call grid; the shared screen shows a {tool} dashboard."),
            Activity.CODING, List.of("{tool} with a Java file open; the project tree on the left, a failing test"
                    + " highlighted in red at the bottom.", "Split editor: source on the left, a unit test on the"
                    + " right; a diff gutter marks changed lines."),
            Activity.TERMINAL, List.of("A full-screen terminal with a tmux status bar; build output scrolling in the"
                    + " main pane.", "Terminal with two panes: logs on top, a shell prompt below."),
            Activity.READING, List.of("A long article in the browser about {topic}, reader mode, dark theme.",
                    "Documentation page for {tool} with a table of configuration options."),
            Activity.MESSAGING, List.of("Team chat with the channel list on the left; {person} is typing a reply"
                    + " about {topic}.", "A direct message thread with {person}; a code snippet is pasted inline."),
            Activity.PLANNING, List.of("A shared document titled with {project}; a table of milestones and owners.",
                    "Spreadsheet with a burndown chart for {project}."),
            Activity.CALL, List.of("Phone mirrored on screen during a voice call with {person}; the desktop is"
                    + " otherwise idle.", "A messaging app with a voice call banner at the top."),
            Activity.ERRANDS, List.of("Online shop basket with {n} items and a delivery slot picker.",
                    "Bank website showing a bill payment confirmation.", "Train booking site with return fares."),
            Activity.WORKOUT, List.of("A workout video paused on an exercise demonstration.",
                    "Running watch companion app showing a pace chart."));

    private ScreenMaker() {
    }

    static ScreenExtract make(SegmentPlan plan, Dice dice) {
        Scene scene = plan.scene();
        Activity a = scene.activity();
        int frames = dice.between(2, 5);
        int length = plan.key().lengthSeconds();
        List<ScreenFrame> out = new ArrayList<>(frames);
        double at = dice.between(0, 3);
        for (int i = 0; i < frames; i++) {
            boolean withCategory = a.category != null && (i == 0 || dice.chance(0.3));
            List<Map<String, Object>> requests = new ArrayList<>();
            requests.add(request("describe", null, dice));
            Extra extra = Extra.empty();
            if (withCategory) {
                requests.add(request("category", a.category, dice));
                extra = extra.with("requests", requests).with(a.category, CategoryText.markdown(scene, dice));
            } else {
                extra = extra.with("requests", requests);
            }
            boolean overlap = dice.chance(0.08);
            String secondary = dice.chance(0.6) ? a.secondary : "none";
            out.add(new ScreenFrame(OptionalLong.of(i + 1), at, scene.fill(dice.pick(VIEWS.get(a)), dice), a.primary,
                    secondary, overlap, Optional.empty(), Extra.empty(), extra));
            at = Math.min(length - 1, at + dice.between(10, Math.max(11, length / frames)));
        }
        String video = plan.screenFile().replace(".jsonl", ".webm");
        return new ScreenExtract(plan.screenFile(), ScreenExtract.FORMAT, Extra.empty().with("raw", video), out);
    }

    static Map<String, Object> request(String type, String category, Dice dice) {
        Map<String, Object> r = new java.util.LinkedHashMap<>();
        r.put("type", type);
        r.put("model", MODEL);
        r.put("duration", Math.round((0.6 + dice.unit() * 2.4) * 1000) / 1000.0);
        if (category != null) {
            r.put("category", category);
        }
        return r;
    }
}
