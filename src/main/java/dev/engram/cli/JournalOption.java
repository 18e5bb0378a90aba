package dev.engram.cli;

import dev.engram.journal.Journal;
import dev.engram.journal.JournalLocator;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;

/** The {@code --journal DIR} option and how a command finds its journal. */
final class JournalOption {
    @CommandLine.Option(names = "--journal", paramLabel = "DIR",
            description = "Journal folder (default: $ENGRAM_JOURNAL, $JOURNAL_PATH, or ~/.local/share/engram/journal).")
    Path journal;

    JournalLocator.Location location() {
        return JournalLocator.locate(Optional.ofNullable(journal));
    }

    /** Opens an existing journal; fails with a message naming where it looked and how to create one. */
    Journal open() {
        return Journal.open(location().root());
    }
}
