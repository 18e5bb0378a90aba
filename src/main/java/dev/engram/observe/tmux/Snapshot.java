package dev.engram.observe.tmux;

import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What one tmux session showed at one capture: its current window, the window list, and each pane of the current
 * window with its text (ANSI escapes kept). Two snapshots are equal when nothing visible changed.
 */
record Snapshot(String session, String window, List<Tmux.Window> windows, List<PaneText> panes) {
    static final JsonMapper JSON = JsonMapper.builder().build();

    record PaneText(Tmux.Pane pane, String content) {
    }

    Snapshot {
        windows = List.copyOf(windows);
        panes = List.copyOf(panes);
    }

    /**
     * The frame line of the reference tmux observer: {@code frame_id}, {@code timestamp} (seconds from the segment's
     * start), {@code requests} [], {@code analysis} {visual_description, primary "tmux", secondary "none", overlap
     * false} and {@code content.tmux} {session, window, windows, panes[{id, index, left, top, width, height, active,
     * content}]}.
     */
    ObjectNode frame(int frameId, double timestamp) {
        ObjectNode f = JSON.createObjectNode();
        f.put("frame_id", frameId);
        f.put("timestamp", Math.round(timestamp * 1000) / 1000.0);
        f.putArray("requests");
        ObjectNode analysis = f.putObject("analysis");
        analysis.put("visual_description", "tmux session '" + session + "', window '" + window + "', "
                + panes.size() + (panes.size() == 1 ? " pane" : " panes"));
        analysis.put("primary", "tmux");
        analysis.put("secondary", "none");
        analysis.put("overlap", false);
        ObjectNode tmux = f.putObject("content").putObject("tmux");
        tmux.put("session", session);
        tmux.put("window", window);
        ArrayNode ws = tmux.putArray("windows");
        for (Tmux.Window w : windows) {
            ws.addObject().put("index", w.index()).put("name", w.name()).put("active", w.active());
        }
        ArrayNode ps = tmux.putArray("panes");
        for (PaneText p : panes) {
            Tmux.Pane g = p.pane();
            ps.addObject().put("id", g.id()).put("index", g.index()).put("left", g.left()).put("top", g.top())
                    .put("width", g.width()).put("height", g.height()).put("active", g.active())
                    .put("content", p.content());
        }
        return f;
    }
}
