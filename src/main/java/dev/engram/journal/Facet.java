package dev.engram.journal;

import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * A facet: one area of the owner's life ({@code work}, {@code personal}), a folder under {@code facets/} whose
 * {@code facet.json} holds title, description, color, emoji and muted. A facet folder without {@code facet.json}
 * (seen in older journals) reads as a facet titled by its folder name, with a warning.
 */
public record Facet(String name, String title, String description, String color, String emoji, boolean muted,
                    Extra extra) {
    public static final JournalFormat FORMAT =
            new JournalFormat("facet.json", 1, "facets/<facet>/facet.json: title, description, color, emoji, muted", false);

    public Facet {
        Names.facet(name);
        title = title == null || title.isBlank() ? name : title;
        description = description == null ? "" : description;
        color = color == null ? "" : color;
        emoji = emoji == null ? "" : emoji;
        extra = extra == null ? Extra.empty() : extra;
    }

    public static Facet named(String name) {
        return new Facet(name, name, "", "", "", false, Extra.empty());
    }

    public Facet withTitle(String newTitle) {
        return new Facet(name, newTitle, description, color, emoji, muted, extra);
    }

    public Facet withDescription(String newDescription) {
        return new Facet(name, title, newDescription, color, emoji, muted, extra);
    }

    public Facet withColor(String newColor) {
        return new Facet(name, title, description, newColor, emoji, muted, extra);
    }

    public Facet withEmoji(String newEmoji) {
        return new Facet(name, title, description, color, newEmoji, muted, extra);
    }

    public Facet withMuted(boolean newMuted) {
        return new Facet(name, title, description, color, emoji, newMuted, extra);
    }

    static Facet decode(String name, ObjectNode o) {
        return new Facet(name, Json.string(o, "title", name), Json.string(o, "description", ""),
                Json.string(o, "color", ""), Json.string(o, "emoji", ""), Json.bool(o, "muted"),
                Extra.from(o, KNOWN));
    }

    ObjectNode encode() {
        ObjectNode o = Json.object();
        o.put("title", title);
        if (!description.isEmpty()) {
            o.put("description", description);
        }
        if (!color.isEmpty()) {
            o.put("color", color);
        }
        if (!emoji.isEmpty()) {
            o.put("emoji", emoji);
        }
        if (muted || extra.names().contains("muted")) {
            o.put("muted", muted);
        }
        extra.writeTo(o);
        return o;
    }

    private static final Set<String> KNOWN = Set.of("title", "description", "color", "emoji", "muted");
}
