package dev.engram.observe.tmux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.testing.SpawnsProcesses;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The "recently active client" rule against a real tmux: a session whose attached client (a real terminal client
 * under {@code script}, so its keys count as client activity; control-mode commands do not) has been idle longer than
 * {@code activeWithin} (1 s) is not captured; once the client types, it is.
 */
@SpawnsProcesses
class ActiveClientTest {
    private static final SegmentSink NOWHERE = new SegmentSink() {
        @Override
        public void deliver(ObservedSegment segment) {
        }

        @Override
        public String describe() {
            return "nowhere";
        }
    };

    @Test
    void anIdleClientIsNotCapturedUntilItTypes() throws Exception {
        List<String> notices = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (PrivateTmux tmux = new PrivateTmux("work")) {
            ProcessBuilder pb = new ProcessBuilder("script", "-qfc", "tmux -L " + tmux.socket + " attach -t work",
                    "/dev/null").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("TERM", "xterm");
            Process terminal = pb.start();
            try {
                TmuxObserver observer = new TmuxObserver(new Tmux(Optional.of(tmux.socket), tmux.scratch),
                        new TmuxObserver.Settings(Duration.ofMillis(200), Duration.ofSeconds(300),
                                Duration.ofSeconds(1), Optional.of(tmux.socket)),
                        NOWHERE, Clock.systemUTC(), ZoneId.of("UTC"), notices::add);
                // attached, then idle: its last activity (tmux counts whole seconds) more than 1 s ago
                Tmux direct = new Tmux(Optional.of(tmux.socket), tmux.scratch);
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                        .until(() -> direct.clients().stream().anyMatch(c -> c.session().equals("work")
                                && Instant.now().getEpochSecond() - c.activity() >= 2));
                assertThat(sessions(observer)).isEmpty();
                assertThat(sessions(observer)).isEmpty(); // a second idle capture: the notice below is not repeated
                assertThat(observer.pendingText()).as("nothing captured while idle").isEmpty();
                assertThat(notices).as("said once").containsExactly("no tmux session has an attached client active"
                        + " in the last 1 s: nothing is captured until one has (attach to a session and type in it)");

                // a key, then a capture (a key before each try: a capture delayed past 1 s by a loaded machine would
                // otherwise see the client idle again)
                OutputStream keys = terminal.getOutputStream();
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    keys.write('x');
                    keys.flush();
                    return sessions(observer).equals(List.of("work"));
                });
                assertThat(observer.pendingText()).contains("\"session\":\"work\"");
                assertThat(notices).hasSize(2).last().isEqualTo("capturing again: work");
            } finally {
                terminal.getOutputStream().close();
                terminal.destroy();
                if (!terminal.waitFor(5, TimeUnit.SECONDS)) {
                    terminal.destroyForcibly();
                }
            }
        }
    }

    /** One capture now; the sessions it found active. */
    private static List<String> sessions(TmuxObserver observer) {
        Instant now = Instant.now();
        observer.captureOnce(now);
        return observer.status(true, now).sessions();
    }
}
