package dev.engram.observe.tmux;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each tmux session gets its own file name, the same every time; plain names keep the reference's name. */
class SessionFileNameTest {
    @Test
    void sessionNamesThatLookAlikeAsFileNamesGetDistinctStableFiles() {
        List<String> sessions = List.of("a b", "a_b", "a/b", ".a_b", "_a_b", "x".repeat(201), "x".repeat(200),
                "a_b-" + new SessionFrames("a b").fileName().replaceAll(".*-([0-9a-f]{8})_screen.jsonl", "$1"));
        Set<String> names = new HashSet<>();
        for (String s : sessions) {
            String n = new SessionFrames(s).fileName();
            assertThat(n).matches("tmux_[A-Za-z0-9._-]+_screen\\.jsonl").doesNotStartWith("tmux_.");
            assertThat(new SessionFrames(s).fileName()).isEqualTo(n); // stable
            assertThat(names.add(n)).as("%s -> %s is taken", s, n).isTrue();
        }
        assertThat(new SessionFrames("work").fileName()).isEqualTo("tmux_work_screen.jsonl");
        assertThat(new SessionFrames("a_b").fileName()).isEqualTo("tmux_a_b_screen.jsonl");
    }
}
