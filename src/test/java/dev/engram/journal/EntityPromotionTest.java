package dev.engram.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.testing.BulkJournal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Promotion of recurring detected entities: seen on enough distinct days within the window, attached once; the
 * owner's entries (edited, detached, dismissed, known by an aka) are never touched.
 */
class EntityPromotionTest {
    static final Day DAY = Day.of(2026, 3, 10);
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-10T23:00:00Z"), ZoneId.of("UTC"));
    @TempDir
    Path dir;
    Journal journal;
    FacetStore work;

    @BeforeEach
    void setUp() {
        journal = BulkJournal.create(dir.resolve("journal"), "Tester");
        work = journal.facetStore("work");
        work.create(new Facet("work", "Work", "", "", "", false, Extra.empty()));
    }

    void detect(int daysAgo, String type, String name, String description) {
        work.addDetected(DAY.plusDays(-daysAgo), List.of(Entity.of(type, name, description)));
    }

    List<String> attachedNames() {
        return work.attachedEntities().stream().map(Entity::name).toList();
    }

    @Test
    void anEntitySeenOnThreeDistinctDaysInTheWindowIsAttachedOnce() {
        detect(0, "Project", "Pelican", "the bird project");
        detect(0, "Project", "pelican", "seen twice the same day: one day");
        detect(4, "Project", "Pelican", "");
        detect(9, "Company", "Pelican", "a company?");
        detect(1, "Person", "Zed", "two days only");
        detect(2, "Person", "Zed", "");
        detect(40, "Tool", "Old", "outside the window");
        detect(41, "Tool", "Old", "");
        detect(42, "Tool", "Old", "");

        EntityPromotion.Result r = EntityPromotion.promote(journal, DAY, CLOCK);

        assertThat(r.rule()).isEqualTo(EntityPromotion.Rule.DEFAULT);
        assertThat(r.promoted()).extracting(p -> p.entity().name()).containsExactly("pelican");
        Entity e = work.attachedEntities().getFirst();
        assertThat(e.type()).isEqualTo("Project"); // the most frequent type
        assertThat(e.description()).isEqualTo("seen twice the same day: one day"); // the latest non-empty
        assertThat(e.attachedAt()).hasValue(CLOCK.millis());
        assertThat(e.extra().get("promoted_from").orElseThrow().toString())
                .isEqualTo("[\"20260301\",\"20260306\",\"20260310\"]");
        assertThat(r.promoted().getFirst().days()).containsExactly(DAY.plusDays(-9), DAY.plusDays(-4), DAY);
        List<ActionLogEntry> log = work.logs(new Day(java.time.LocalDate.now(CLOCK)));
        assertThat(log).extracting(ActionLogEntry::actor, ActionLogEntry::action)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("think", "entity_promote"));
        assertThat(log.getFirst().params().toMap()).containsEntry("name", "pelican");

        // idempotent: nothing more, the file untouched
        byte[] before = read();
        assertThat(EntityPromotion.promote(journal, DAY, CLOCK).promoted()).isEmpty();
        assertThat(read()).isEqualTo(before);
        assertThat(work.logs(new Day(java.time.LocalDate.now(CLOCK)))).hasSize(1);
    }

    @Test
    void theOwnersEntriesAreNeverTouchedNorRePromoted() {
        long owner = 1_000L;
        work.updateEntities(list -> List.of(
                new Entity("Person", "Dana Lee", "my edit: lead designer", List.of("Dana"), false,
                        OptionalLong.of(owner), OptionalLong.of(owner), Extra.empty().with("role", "design")),
                new Entity("Company", "Acme", "detached by the owner", List.of(), true, OptionalLong.of(owner),
                        OptionalLong.of(owner), Extra.empty()),
                new Entity("Tool", "Spam Bot", "dismissed while only detected", List.of(), true,
                        OptionalLong.empty(), OptionalLong.of(owner), Extra.empty())));
        for (int d = 0; d < 5; d++) {
            detect(d, "Person", "Dana Lee", "an agent's different description " + d);
            detect(d, "Company", "ACME", "back again");
            detect(d, "Tool", "Spam Bot", "");
            detect(d, "Person", "dana", "the aka, detected as a name of its own");
        }
        byte[] before = read();

        EntityPromotion.Result r = EntityPromotion.promote(journal, DAY, CLOCK);

        assertThat(r.promoted()).isEmpty();
        assertThat(read()).isEqualTo(before);
        Entity dana = EntityEdits.find(work.entities(), "dana lee").orElseThrow();
        assertThat(dana.description()).isEqualTo("my edit: lead designer");
        assertThat(dana.extra().string("role")).contains("design");
        assertThat(attachedNames()).containsExactly("Dana Lee");
    }

    @Test
    void aConcurrentOwnerDetachWinsAndTheNextRunKeepsIt() {
        for (int d = 0; d < 3; d++) {
            detect(d, "Person", "Sam", "");
        }
        assertThat(EntityPromotion.promote(journal, DAY, CLOCK).promoted()).hasSize(1);
        EntityEdits.detach(work, "sam", Optional.empty(), 5L);
        detect(0, "Person", "Sam", "seen again");
        assertThat(EntityPromotion.promote(journal, DAY.plusDays(1), CLOCK).promoted()).isEmpty();
        assertThat(work.entities()).singleElement().satisfies(e -> assertThat(e.detached()).isTrue());
    }

    @Test
    void theRuleComesFromTheJournalConfigWithDefaultsForBadValues() {
        detect(0, "Person", "Zed", "");
        detect(20, "Person", "Zed", "");
        journal.updateConfig(c -> new JournalConfig(c.identity(), c.convey(),
                c.extra().with("entities", Map.of("promote_days", 2, "promote_window_days", 7))));
        assertThat(EntityPromotion.promote(journal, DAY, CLOCK).promoted()).isEmpty(); // 20 days ago: outside 7
        journal.updateConfig(c -> new JournalConfig(c.identity(), c.convey(),
                c.extra().with("entities", Map.of("promote_days", 2, "promote_window_days", 21))));
        assertThat(EntityPromotion.promote(journal, DAY, CLOCK).promoted()).hasSize(1);
        journal.updateConfig(c -> new JournalConfig(c.identity(), c.convey(),
                c.extra().with("entities", Map.of("promote_days", "two", "promote_window_days", 9999))));
        assertThat(EntityPromotion.rule(journal)).isEqualTo(EntityPromotion.Rule.DEFAULT);
    }

    private byte[] read() {
        try {
            return Files.readAllBytes(journal.root().resolve("facets/work/entities.jsonl"));
        } catch (java.nio.file.NoSuchFileException e) {
            return new byte[0];
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
