package dev.engram.observe.imports;

import dev.engram.journal.Journal;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * What an {@link ImportStep} knows about the import it reads for.
 *
 * @param id        the import id ({@code imports/<id>/})
 * @param start     when the content starts (the owner's {@code --timestamp}, else the file's modification time)
 * @param facet     the facet the import belongs to, if any
 * @param zone      the owner's time zone (for calendars in UTC)
 * @param clock     the importer's clock (what has happened already: a calendar event before now occurred)
 * @param rawPath   the original as a segment's {@code raw} names it, {@code ../../imports/<id>/<file>}
 * @param progress  told {@code (done, total)} as a long step goes (any thread)
 */
public record ImportContext(Journal journal, String id, LocalDateTime start, Optional<String> facet, ZoneId zone,
                            java.time.Clock clock, String rawPath, BiConsumer<Integer, Integer> progress) {
}
