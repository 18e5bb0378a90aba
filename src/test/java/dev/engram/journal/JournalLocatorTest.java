package dev.engram.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The journal folder is found by: --journal > ENGRAM_JOURNAL > JOURNAL_PATH > XDG_DATA_HOME > ~/.local/share. */
class JournalLocatorTest {
    private static final Path HOME = Path.of("/home/owner");
    private final Map<String, String> env = new HashMap<>(Map.of(
            "ENGRAM_JOURNAL", "/data/engram",
            "JOURNAL_PATH", "/data/solstone",
            "XDG_DATA_HOME", "/data/xdg"));

    private JournalLocator.Location locate(Optional<Path> flag) {
        return JournalLocator.locate(flag, env, HOME);
    }

    @Test
    void flagWinsOverEverything() {
        assertThat(locate(Optional.of(Path.of("/flag/j")))).isEqualTo(
                new JournalLocator.Location(Path.of("/flag/j"), "--journal"));
    }

    @Test
    void aRelativeFlagIsMadeAbsoluteAndNormalized() {
        JournalLocator.Location l = locate(Optional.of(Path.of("some/../rel")));
        assertThat(l.root()).isEqualTo(Path.of("rel").toAbsolutePath());
    }

    @Test
    void thenEngramJournal() {
        assertThat(locate(Optional.empty())).isEqualTo(
                new JournalLocator.Location(Path.of("/data/engram"), "ENGRAM_JOURNAL"));
    }

    @Test
    void thenJournalPath() {
        env.remove("ENGRAM_JOURNAL");
        assertThat(locate(Optional.empty())).isEqualTo(
                new JournalLocator.Location(Path.of("/data/solstone"), "JOURNAL_PATH"));
    }

    @Test
    void blankVariablesAreIgnored() {
        env.put("ENGRAM_JOURNAL", "  ");
        env.put("JOURNAL_PATH", "");
        assertThat(locate(Optional.empty()).source()).isEqualTo("XDG_DATA_HOME");
    }

    @Test
    void thenXdgDataHome() {
        env.remove("ENGRAM_JOURNAL");
        env.remove("JOURNAL_PATH");
        assertThat(locate(Optional.empty())).isEqualTo(
                new JournalLocator.Location(Path.of("/data/xdg/engram/journal"), "XDG_DATA_HOME"));
    }

    @Test
    void elseTheDefaultUnderHome() {
        env.clear();
        assertThat(locate(Optional.empty())).isEqualTo(
                new JournalLocator.Location(Path.of("/home/owner/.local/share/engram/journal"), "default"));
    }
}
