package dev.engram.demo;

/**
 * What the owner was doing during a segment. Decides the facet, the screen categories, whether a tmux session was
 * captured and which dialogue templates ({@link Lines}) the transcript draws from.
 */
enum Activity {
    MEETING("meeting", "browsing", null, 0.0, true),
    CODING("code", "terminal", null, 0.55, false),
    TERMINAL("terminal", "code", null, 0.95, false),
    READING("reading", "browsing", "reading", 0.1, false),
    MESSAGING("messaging", "code", "messaging", 0.15, false),
    PLANNING("productivity", "messaging", "productivity", 0.05, false),
    CALL("messaging", "none", null, 0.0, true),
    ERRANDS("browsing", "none", "browsing", 0.0, false),
    WORKOUT("media", "none", null, 0.0, false);

    final String primary;
    final String secondary;
    /** The category follow-up written as markdown on some frames ({@code reading}, {@code messaging}...), or null. */
    final String category;
    final double tmuxChance;
    /** Whether several people speak (a meeting or a call) rather than the owner alone or with one other. */
    final boolean conversation;

    Activity(String primary, String secondary, String category, double tmuxChance, boolean conversation) {
        this.primary = primary;
        this.secondary = secondary;
        this.category = category;
        this.tmuxChance = tmuxChance;
        this.conversation = conversation;
    }

    /** The facet this activity belongs to at a given moment: work hours on weekdays, else the evening project. */
    String facet(boolean workHours) {
        return switch (this) {
            case CALL, ERRANDS -> "personal";
            case WORKOUT -> "health";
            default -> workHours ? "work" : "lumen";
        };
    }
}
