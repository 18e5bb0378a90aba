package dev.engram.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An app's lock ({@link Journal#tryLockApp}) in one process: a second holder is refused while the first holds it,
 * also through another {@link Journal} of the same folder, and may take it once released. Across processes (and after
 * a kill -9) see {@code ImportLockTest} and {@code ObserveTmuxCommandTest}.
 */
class JournalLockTest {
    @TempDir
    Path dir;

    @Test
    void oneHolderAtATimeAcrossJournalsOfOneFolder() {
        Journal a = Journal.create(dir.resolve("j"), "Ada");
        Journal b = Journal.open(dir.resolve("j"));
        Optional<JournalLock> first = a.tryLockApp("tmux_observer", "observer-default");
        assertThat(first).isPresent();
        assertThat(Files.isRegularFile(dir.resolve("j/apps/tmux_observer/observer-default.lock"))).isTrue();
        assertThat(b.tryLockApp("tmux_observer", "observer-default")).isEmpty();
        assertThat(b.tryLockApp("tmux_observer", "observer-other")).isPresent().get().satisfies(JournalLock::close);
        first.get().close();
        first.get().close(); // a second close does nothing
        try (JournalLock again = b.tryLockApp("tmux_observer", "observer-default").orElseThrow()) {
            assertThat(a.tryLockApp("tmux_observer", "observer-default")).isEmpty();
        }
    }

    @Test
    void aLockNameIsAFileNameOfTheAppsFolder() {
        Journal j = Journal.create(dir.resolve("j"), "Ada");
        assertThatThrownBy(() -> j.tryLockApp("tmux_observer", "../x")).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> j.tryLockApp("../apps", "x")).isInstanceOf(InvalidNameException.class);
    }
}
