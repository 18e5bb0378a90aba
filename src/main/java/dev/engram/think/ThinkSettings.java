package dev.engram.think;

import dev.engram.journal.Journal;
import dev.engram.journal.JournalException;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Think's settings, the {@code think} object of {@code config/journal.json}, read each time they are needed (so an
 * edit applies without a restart). A missing or unusable value gives the default; a config that cannot be read too.
 */
record ThinkSettings(Journal journal) {
    private static final Logger LOG = LoggerFactory.getLogger(ThinkSettings.class);

    /** {@code think.<name>} as a whole number of at least {@code min}, else {@code fallback}. */
    int number(String name, int min, int fallback) {
        return get(name).filter(JsonNode::isInt).map(JsonNode::asInt).filter(n -> n >= min).orElse(fallback);
    }

    /** {@code think.daily_time} ({@code "HH:MM"}, local), default 03:00 (a bad value is warned about). */
    LocalTime dailyTime() {
        Optional<String> t = get("daily_time").filter(JsonNode::isString).map(JsonNode::stringValue);
        try {
            return t.map(LocalTime::parse).orElse(LocalTime.of(3, 0));
        } catch (DateTimeParseException e) {
            LOG.warn("config/journal.json think.daily_time '{}' is not HH:MM; using 03:00", t.get());
            return LocalTime.of(3, 0);
        }
    }

    private Optional<JsonNode> get(String name) {
        try {
            return journal.config().extra().get("think").map(n -> n.get(name)).filter(n -> n != null && !n.isNull());
        } catch (JournalException e) {
            return Optional.empty();
        }
    }
}
