package dev.engram.convey;

import dev.engram.journal.Day;
import java.util.Optional;

/**
 * What a workspace template gets: the app, the day being viewed (date-navigating apps), the selected facet, and the
 * CSRF token that state-changing requests must send as header {@code X-CSRF-Token}.
 */
public record Page(String app, AppInfo info, Optional<Day> day, Optional<String> facet, String csrfToken,
                   String ownerName) {
    /** The day as {@code YYYYMMDD}, or empty text. */
    public String dayKey() {
        return day.map(Day::key).orElse("");
    }

    public String facetName() {
        return facet.orElse("");
    }
}
