package dev.engram.callosum;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SocketPathsTest {
    private final Path journal = Path.of("/j");

    @Test
    void theOptionWinsThenTheEnvironmentThenTheJournal() {
        Map<String, String> env = Map.of(SocketPaths.ENV, "/run/env.sock");
        assertThat(SocketPaths.resolve(Optional.of(Path.of("/run/opt.sock")), env, journal))
                .isEqualTo(Path.of("/run/opt.sock"));
        assertThat(SocketPaths.resolve(Optional.empty(), env, journal)).isEqualTo(Path.of("/run/env.sock"));
        assertThat(SocketPaths.resolve(Optional.empty(), Map.of(SocketPaths.ENV, " "), journal))
                .isEqualTo(Path.of("/j/health/callosum.sock"));
    }
}
