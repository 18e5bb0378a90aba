package dev.engram.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/journal.md names every format the code reads, so the documented layout cannot silently fall behind. */
class JournalDocTest {
    @Test
    void theLayoutDocNamesEveryFormat() throws Exception {
        String doc = Files.readString(Path.of("docs", "journal.md"));
        for (JournalFormat f : Journal.formats()) {
            assertThat(doc).as("docs/journal.md mentions format %s", f).contains(f.toString());
        }
        assertThat(doc).contains("ENGRAM_JOURNAL", "JOURNAL_PATH", "XDG_DATA_HOME", ".local/share/engram/journal");
    }
}
