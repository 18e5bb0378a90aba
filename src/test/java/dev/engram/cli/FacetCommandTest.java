package dev.engram.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code engram facet create|list} on a real journal: a headless owner creates the facet a calendar import needs,
 * logged as the Settings app logs it; bad names, titles and a second creation are one-line errors.
 */
class FacetCommandTest {
    @TempDir
    Path tmp;

    @Test
    void aHeadlessOwnerCreatesTheFacetACalendarImportNeeds() throws Exception {
        Path root = tmp.resolve("j");
        Journal journal = Journal.create(root, "Ada");
        Path ics = tmp.resolve("cal.ics");
        Files.writeString(ics, "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:1\r\nDTSTART:20261201T090000Z\r\n"
                + "DTEND:20261201T100000Z\r\nSUMMARY:Standup\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
        MainTest.Result none = MainTest.run("import", ics.toString(), "--facet", "work", "--journal", root.toString());
        assertThat(none.code()).isNotZero();
        assertThat(none.err()).contains("there is no facet 'work'", "engram facet create NAME");
        assertThat(MainTest.run("facet", "list", "--journal", root.toString()).out())
                .isEqualTo("no facets yet: create one with 'engram facet create NAME'\n");

        MainTest.Result created = MainTest.run("facet", "create", "work", "--title", "Work", "--journal",
                root.toString());
        assertThat(created.code()).as(created.err()).isZero();
        assertThat(created.out()).startsWith("Created facet 'work' (Work) in ");
        assertThat(journal.facet("work").orElseThrow().title()).isEqualTo("Work");
        assertThat(MainTest.run("facet", "list", "--journal", root.toString()).out()).isEqualTo("work\tWork\n");
        assertThat(journal.actions().read(new Day(LocalDate.now()))).singleElement()
                .satisfies(e -> assertThat(e.actor() + " " + e.action()).isEqualTo("cli facet_create"));

        MainTest.Result imported = MainTest.run("import", ics.toString(), "--facet", "work", "--journal",
                root.toString());
        assertThat(imported.code()).as(imported.err()).isZero();

        MainTest.Result again = MainTest.run("facet", "create", "work", "--journal", root.toString());
        assertThat(again.code()).as("a failure, not a usage error").isEqualTo(1);
        assertThat(again.err().strip()).isEqualTo("engram: a facet named 'work' already exists: see 'engram facet"
                + " list'");
        for (String[] bad : new String[][] {{"../x"}, {"ok", "--title", "t".repeat(101)}, {"ok", "--title", "a\tb"}}) {
            String[] args = new String[bad.length + 4];
            args[0] = "facet";
            args[1] = "create";
            System.arraycopy(bad, 0, args, 2, bad.length);
            args[bad.length + 2] = "--journal";
            args[bad.length + 3] = root.toString();
            MainTest.Result r = MainTest.run(args);
            assertThat(r.code()).as(String.join(" ", bad)).isEqualTo(2);
            assertThat(r.err().lines().findFirst().orElseThrow()).startsWith("engram facet create: ");
        }
        assertThat(journal.facets()).hasSize(1);
    }
}
