package dev.engram.apps.search;

import java.util.Locale;
import java.util.Map;

/** How a hit's topic is shown: an icon and a label ({@code audio} → 🎙️ Audio, {@code flow} → 📝 Flow). */
final class Topics {
    private static final Map<String, String[]> KNOWN = Map.ofEntries(
            Map.entry("audio", new String[] {"🎙️", "Audio"}),
            Map.entry("screen", new String[] {"🖥️", "Screen"}),
            Map.entry("tmux", new String[] {"⌨️", "Terminal"}),
            Map.entry("event", new String[] {"📅", "Events"}),
            Map.entry("todo", new String[] {"✅", "Todos"}),
            Map.entry("entity:attached", new String[] {"📇", "Entities"}),
            Map.entry("entity:detected", new String[] {"📇", "Detected entities"}),
            Map.entry("news", new String[] {"📰", "News"}),
            Map.entry("import", new String[] {"📥", "Imports"}),
            Map.entry("action", new String[] {"📋", "Actions"}),
            Map.entry("agent", new String[] {"🤖", "Agent runs"}));

    private Topics() {
    }

    static String icon(String topic) {
        String[] k = KNOWN.get(topic);
        return k != null ? k[0] : "📝";
    }

    /** The known label, else the topic in words: {@code chat:summary} → "Chat: summary", {@code flow} → "Flow". */
    static String label(String topic) {
        String[] k = KNOWN.get(topic);
        if (k != null) {
            return k[1];
        }
        String words = topic.replace('_', ' ').replace(":", ": ").strip();
        return words.isEmpty() ? "Other" : words.substring(0, 1).toUpperCase(Locale.ROOT) + words.substring(1);
    }
}
