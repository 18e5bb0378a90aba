package dev.engram.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.testing.BulkJournal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One event changed in place (the calendar): only while its line still holds the event the caller saw (its
 * fingerprint), and owner-marked events kept by {@link FacetStore#replaceEvents}.
 */
class EventEditsTest {
    static final Day DAY = Day.of(2026, 3, 10);
    @TempDir
    Path dir;

    static FacetEvent event(String title, String source, Extra extra) {
        return new FacetEvent("meeting", Optional.of("10:00:00"), Optional.empty(), Optional.empty(), title, "",
                Optional.of("work"), "flow", true, source, false, List.of(), "", extra);
    }

    @Test
    void anEditOrRemovalAppliesOnlyToTheLineStillHoldingTheEventSeen() throws Exception {
        Journal j = BulkJournal.create(dir.resolve("j"), "Tester");
        FacetStore fs = j.facetStore("work");
        fs.create(Facet.named("work"));
        fs.appendEvents(DAY, List.of(event("A", "s", Extra.empty()), event("B", "s", Extra.empty())));
        Path file = j.root().resolve("facets/work/events/" + DAY.key() + ".jsonl");
        Files.writeString(file, "not json\n", java.nio.file.StandardOpenOption.APPEND);
        FacetStore.EventLine b = fs.eventLines(DAY).get(1);
        assertThat(b.line()).isEqualTo(2);
        String a = fs.eventLines(DAY).getFirst().event().fingerprint();
        assertThat(a).hasSize(12).isNotEqualTo(b.event().fingerprint());

        assertThat(fs.updateEvent(DAY, 2, a, e -> event("X", "s", Extra.empty()))).isEmpty();
        assertThat(fs.removeEvent(DAY, 9, b.event().fingerprint())).isEmpty();
        assertThat(fs.events(DAY)).extracting(FacetEvent::title).containsExactly("A", "B");

        assertThat(fs.updateEvent(DAY, 2, b.event().fingerprint(), e -> event("B2", "s", Extra.empty())))
                .hasValueSatisfying(e -> assertThat(e.title()).isEqualTo("B2"));
        assertThat(fs.addEvent(DAY, event("C", "", Extra.empty())).line()).isEqualTo(4);
        assertThat(fs.removeEvent(DAY, 1, a)).isPresent();
        assertThat(fs.events(DAY)).extracting(FacetEvent::title).containsExactly("B2", "C");
        assertThat(Files.readString(file)).contains("not json");
    }

    @Test
    void replacingAnExtractionsEventsKeepsTheOwnersEditsAndDoesNotAddThemAgain() {
        Journal j = BulkJournal.create(dir.resolve("j"), "Tester");
        FacetStore fs = j.facetStore("work");
        fs.create(Facet.named("work"));
        Extra owner = Extra.empty().with(FacetEvent.EDITED_BY, FacetEvent.OWNER)
                .with(FacetEvent.EXTRACTED_TITLE, "Standup");
        fs.appendEvents(DAY, List.of(event("Team standup", "s", owner), event("Lunch", "s", Extra.empty()),
                event("Other", "t", Extra.empty())));
        assertThat(fs.events(DAY).getFirst().ownerEdited()).isTrue();

        int removed = fs.replaceEvents(DAY, "s", List.of(event("Standup", "s", Extra.empty()),
                event("team STANDUP ", "s", Extra.empty()), event("Lunch", "s", Extra.empty())));

        assertThat(removed).isEqualTo(1);
        assertThat(fs.events(DAY)).extracting(FacetEvent::title).containsExactly("Team standup", "Other", "Lunch");
    }
}
