package dev.engram.journal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One analysed frame: when ({@code timestamp}, seconds from the capture start), what it showed (analysis), and for
 * tmux captures the panes' text. Category outputs ({@code reading}, {@code messaging}...) and requests are kept in
 * {@link #extra()}, and so are the keys of {@code content} other than {@code tmux} (as {@code extra.content}).
 */
public record ScreenFrame(OptionalLong frameId, double timestamp, String visualDescription, String primary,
                          String secondary, boolean overlap, Optional<TmuxCapture> tmux, Extra analysisExtra,
                          Extra extra) {
    private static final Set<String> KNOWN = Set.of("frame_id", "timestamp", "analysis");
    private static final Set<String> KNOWN_ANALYSIS = Set.of("visual_description", "primary", "secondary", "overlap");

    public ScreenFrame {
        frameId = frameId == null ? OptionalLong.empty() : frameId;
        visualDescription = visualDescription == null ? "" : visualDescription;
        primary = primary == null ? "" : primary;
        secondary = secondary == null ? "" : secondary;
        tmux = tmux == null ? Optional.empty() : tmux;
        analysisExtra = analysisExtra == null ? Extra.empty() : analysisExtra;
        extra = extra == null ? Extra.empty() : extra;
    }

    /** Markdown a category follow-up produced for this frame ({@code reading}, {@code messaging}...), if any. */
    public Optional<String> category(String name) {
        return extra.string(name);
    }

    /** A tmux session as captured in one frame. */
    public record TmuxCapture(String session, String window, List<TmuxPane> panes, Extra extra) {
        public TmuxCapture {
            session = session == null ? "" : session;
            window = window == null ? "" : window;
            panes = List.copyOf(panes);
            extra = extra == null ? Extra.empty() : extra;
        }
    }

    /** One tmux pane; {@code content} keeps the terminal's ANSI escapes. */
    public record TmuxPane(String id, int index, int left, int top, int width, int height, boolean active,
                           String content) {
        public TmuxPane {
            id = id == null ? "" : id;
            content = content == null ? "" : content;
        }

        /** The pane text without ANSI escape sequences (colors, cursor moves) or other control characters. */
        public String plainContent() {
            return Ansi.strip(content);
        }
    }

    /** Reads either shape: current ({@code analysis.primary}) or legacy ({@code analysis.visible}). */
    static ScreenFrame decode(ObjectNode o, boolean legacy) {
        ObjectNode a = Json.objectOrEmpty(o, "analysis");
        String primary = Json.string(a, "primary").orElse(legacy ? Json.string(a, "visible", "") : "");
        JsonNode ts = o.get("timestamp");
        Optional<TmuxCapture> tmux = Optional.empty();
        Extra extra = Extra.from(o, KNOWN);
        if (o.get("content") instanceof ObjectNode content && content.get("tmux") instanceof ObjectNode t) {
            tmux = Optional.of(decodeTmux(t));
            // Other keys of content (newer category outputs) stay in extra.content, so a rewrite keeps them.
            Extra rest = Extra.from(content, Set.of("tmux"));
            extra = rest.isEmpty() ? extra.without("content") : extra.with("content", rest);
        }
        return new ScreenFrame(Json.longValue(o, "frame_id"), ts != null && ts.isNumber() ? ts.asDouble() : 0,
                Json.string(a, "visual_description", ""), primary, Json.string(a, "secondary", ""),
                Json.bool(a, "overlap"), tmux, Extra.from(a, KNOWN_ANALYSIS), extra);
    }

    private static TmuxCapture decodeTmux(ObjectNode t) {
        List<TmuxPane> panes = new ArrayList<>();
        if (t.get("panes") instanceof ArrayNode arr) {
            for (JsonNode p : arr) {
                if (p instanceof ObjectNode po) {
                    panes.add(new TmuxPane(Json.string(po, "id", ""), po.path("index").asInt(0),
                            po.path("left").asInt(0), po.path("top").asInt(0), po.path("width").asInt(0),
                            po.path("height").asInt(0), Json.bool(po, "active"), Json.string(po, "content", "")));
                }
            }
        }
        return new TmuxCapture(Json.string(t, "session", ""), Json.string(t, "window", ""), panes,
                Extra.from(t, Set.of("session", "window", "panes")));
    }

    ObjectNode encode() {
        ObjectNode o = Json.object();
        frameId.ifPresent(id -> o.put("frame_id", id));
        o.put("timestamp", timestamp);
        ObjectNode a = Json.object();
        a.put("visual_description", visualDescription);
        a.put("primary", primary);
        a.put("secondary", secondary);
        a.put("overlap", overlap);
        analysisExtra.writeTo(a);
        extra.get("requests").ifPresent(r -> o.set("requests", r));
        o.set("analysis", a);
        if (tmux.isPresent()) {
            ObjectNode content = o.putObject("content");
            content.set("tmux", encodeTmux(tmux.get()));
            if (extra.get("content").orElse(null) instanceof ObjectNode rest) {
                rest.properties().forEach(e -> content.set(e.getKey(), e.getValue()));
            }
        }
        extra.writeTo(o);
        return o;
    }

    private static ObjectNode encodeTmux(TmuxCapture t) {
        ObjectNode o = Json.object();
        o.put("session", t.session());
        o.put("window", t.window());
        t.extra().writeTo(o);
        ArrayNode panes = o.putArray("panes");
        for (TmuxPane p : t.panes()) {
            ObjectNode po = panes.addObject();
            po.put("id", p.id());
            po.put("index", p.index());
            po.put("left", p.left());
            po.put("top", p.top());
            po.put("width", p.width());
            po.put("height", p.height());
            po.put("active", p.active());
            po.put("content", p.content());
        }
        return o;
    }
}
