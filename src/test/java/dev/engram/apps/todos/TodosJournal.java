package dev.engram.apps.todos;

import dev.engram.journal.Day;
import dev.engram.journal.Extra;
import dev.engram.journal.Facet;
import dev.engram.journal.Journal;
import dev.engram.journal.Todo;
import dev.engram.testing.BulkJournal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/** A journal for the Todos tests: facets work and home, "today" is {@link #TODAY}, and todos on earlier days. */
public final class TodosJournal {
    public static final Day TODAY = Day.of(2026, 3, 10);
    public static final Day YESTERDAY = TODAY.plusDays(-1);
    public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-10T12:00:00Z"), ZoneId.of("UTC"));

    private TodosJournal() {
    }

    public static Journal create(Path root) {
        Journal j = BulkJournal.create(root, "Tester");
        j.facetStore("work").create(new Facet("work", "Work", "", "#3366cc", "💼", false, Extra.empty()));
        j.facetStore("home").create(new Facet("home", "Home", "", "#cc6633", "🏡", false, Extra.empty()));
        long t = CLOCK.millis() - 86_400_000L;
        var work = j.facetStore("work");
        work.addTodo(YESTERDAY, Todo.open("Write the quarterly report", Optional.of("09:30"), t));
        work.addTodo(YESTERDAY, Todo.open("Reply to Dana", Optional.empty(), t).withCompleted(true, t));
        work.addTodo(YESTERDAY, Todo.open("Book the venue", Optional.empty(), t));
        work.addTodo(TODAY, Todo.open("Review the pull request", Optional.of("14:00"), t));
        j.facetStore("home").addTodo(TODAY.plusDays(3), Todo.open("Water the plants", Optional.empty(), t));
        return j;
    }
}
