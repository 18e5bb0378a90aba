package dev.engram.demo;

import dev.engram.journal.Extra;
import dev.engram.journal.ScreenExtract;
import dev.engram.journal.ScreenFrame;
import dev.engram.journal.ScreenFrame.TmuxCapture;
import dev.engram.journal.ScreenFrame.TmuxPane;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A tmux capture, {@code tmux_<session>_screen.jsonl}: frames whose {@code content.tmux} holds the session, window
 * and panes (geometry plus text with ANSI escapes), as the tmux observer sends them. Each frame adds output to the
 * active pane, as a real session grows.
 */
final class TmuxMaker {
    private static final int WIDTH = 200;
    private static final int HEIGHT = 50;
    private static final List<String> WINDOWS = List.of("build", "logs", "ops", "editor");

    private TmuxMaker() {
    }

    static ScreenExtract make(SegmentPlan plan, LocalDate date, Dice dice) {
        Scene scene = plan.scene();
        String session = scene.facet().name();
        String window = dice.pick(WINDOWS);
        int paneCount = dice.between(1, 3);
        List<List<String>> buffers = new ArrayList<>();
        for (int i = 0; i < paneCount; i++) {
            buffers.add(new ArrayList<>(TerminalText.block(scene, date, plan.start(), dice)));
        }
        int active = dice.between(0, paneCount - 1);
        int frames = dice.between(2, 4);
        List<ScreenFrame> out = new ArrayList<>(frames);
        int at = dice.between(0, 4);
        for (int f = 0; f < frames; f++) {
            if (f > 0) {
                buffers.get(active).addAll(TerminalText.block(scene, date, plan.start().plusSeconds(at), dice));
            }
            List<TmuxPane> panes = new ArrayList<>(paneCount);
            for (int i = 0; i < paneCount; i++) {
                int[] g = geometry(paneCount, i);
                List<String> lines = buffers.get(i);
                String content = String.join("\n", lines.subList(Math.max(0, lines.size() - g[3]), lines.size()))
                        + "\n" + TerminalText.prompt(scene);
                panes.add(new TmuxPane("%" + (i + 1), i, g[0], g[1], g[2], g[3], i == active, content));
            }
            Extra windows = Extra.empty().with("windows", WINDOWS.stream()
                    .map(w -> Map.of("name", w)).toList());
            TmuxCapture capture = new TmuxCapture(session, window, panes, windows);
            String description = "tmux session '" + session + "', window '" + window + "', " + paneCount
                    + (paneCount == 1 ? " pane" : " panes") + "; the active pane shows a shell in the "
                    + scene.facet().title() + " repository.";
            out.add(new ScreenFrame(OptionalLong.of(f + 1), at, description, "tmux", "none", false,
                    Optional.of(capture), Extra.empty(), Extra.empty().with("requests", List.of())));
            at += dice.between(20, 90);
        }
        return new ScreenExtract("tmux_" + session + "_screen.jsonl", ScreenExtract.FORMAT,
                Extra.empty().with("raw", "tmux").with("session", session), out);
    }

    /** left, top, width, height of pane {@code i} of {@code n} in a {@value #WIDTH}x{@value #HEIGHT} window. */
    private static int[] geometry(int n, int i) {
        if (n == 1) {
            return new int[] {0, 0, WIDTH, HEIGHT};
        }
        if (i == 0) {
            return new int[] {0, 0, WIDTH / 2, HEIGHT};
        }
        if (n == 2) {
            return new int[] {WIDTH / 2 + 1, 0, WIDTH / 2 - 1, HEIGHT};
        }
        return i == 1 ? new int[] {WIDTH / 2 + 1, 0, WIDTH / 2 - 1, HEIGHT / 2 - 1}
                : new int[] {WIDTH / 2 + 1, HEIGHT / 2, WIDTH / 2 - 1, HEIGHT / 2};
    }
}
