package dev.engram.observe.tmux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.awaitility.Awaitility.await;

import dev.engram.callosum.Emitter;
import dev.engram.journal.Journal;
import dev.engram.journal.Segment;
import dev.engram.testing.SpawnsProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hung tmux server (a real one, stopped with SIGSTOP): each call fails within its bound and leaves no tmux process
 * behind, the observer says so once and goes on, and stop ends a call in flight and writes the current segment.
 */
@SpawnsProcesses
class HungServerTest {
    @TempDir
    Path tmp;

    @Test
    void aCallToAStoppedServerFailsWithinItsBoundAndLeavesNoTmuxBehind() throws Exception {
        try (PrivateTmux server = new PrivateTmux("work")) {
            server.attach("work");
            Tmux tmux = new Tmux(Optional.of(server.socket), server.scratch, Duration.ofMillis(500));
            await().atMost(Duration.ofSeconds(10)).until(() -> !tmux.clients().isEmpty());
            server.signalServer("STOP");
            try {
                long start = System.nanoTime();
                // preemptively: a tmux call that waits for the hung server's output would never return
                assertThatThrownBy(() -> assertTimeoutPreemptively(Duration.ofSeconds(5), tmux::clients))
                        .isInstanceOfSatisfying(Tmux.TmuxException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Tmux.Kind.TIMED_OUT);
                    assertThat(e.getMessage()).contains("tmux list-clients did not answer within 0.5 s");
                });
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
                await().atMost(Duration.ofSeconds(2)).until(() -> server.processesWith("list-clients").isEmpty());
            } finally {
                server.signalServer("CONT");
            }
            assertThat(tmux.clients()).extracting(Tmux.Client::session).containsExactly("work");
        }
    }

    @Test
    void theObserverSaysSoOnceAndCapturesAgainWhenTheServerAnswers() throws Exception {
        Journal journal = Journal.create(tmp.resolve("journal"), "Ada");
        List<String> notices = new CopyOnWriteArrayList<>();
        try (PrivateTmux server = new PrivateTmux("ops")) {
            server.attach("ops");
            TmuxObserver observer = observer(server, Duration.ofMillis(500), journal, notices);
            Thread t = Thread.ofPlatform().daemon().start(() -> runQuietly(observer));
            try {
                server.type("ops", "echo before-stop");
                await().atMost(Duration.ofSeconds(10)).until(() -> observer.pendingText().contains("before-stop"));
                server.signalServer("STOP");
                try {
                    await().atMost(Duration.ofSeconds(10)).until(() -> notices.stream().anyMatch(n ->
                            n.contains("did not answer within 0.5 s") && n.contains("capture goes on")));
                    await().pollDelay(Duration.ofSeconds(2)).until(() -> true); // a few more timed-out ticks
                    assertThat(notices).filteredOn(n -> n.contains("did not answer")).hasSize(1);
                } finally {
                    server.signalServer("CONT");
                }
                server.type("ops", "echo after-cont");
                await().atMost(Duration.ofSeconds(10)).until(() -> observer.pendingText().contains("after-cont"));
                assertThat(notices).contains("tmux capture works again");
            } finally {
                assertThat(observer.stop(Duration.ofSeconds(10))).isTrue();
                t.join(5000);
            }
        }
    }

    @Test
    void stopEndsACallInFlightToAHungServerAndWritesTheSegment() throws Exception {
        Journal journal = Journal.create(tmp.resolve("journal"), "Ada");
        List<String> notices = new CopyOnWriteArrayList<>();
        try (PrivateTmux server = new PrivateTmux("dev")) {
            server.attach("dev");
            // a bound far longer than the test: only stop can end the hung call
            TmuxObserver observer = observer(server, Duration.ofMinutes(5), journal, notices);
            Thread t = Thread.ofPlatform().daemon().start(() -> runQuietly(observer));
            server.type("dev", "echo kept-at-stop");
            await().atMost(Duration.ofSeconds(10)).until(() -> observer.pendingText().contains("kept-at-stop"));
            server.signalServer("STOP");
            try {
                await().atMost(Duration.ofSeconds(5)).until(() -> !server.processesWith("list-").isEmpty());
                long start = System.nanoTime();
                assertThat(observer.stop(Duration.ofSeconds(10))).isTrue();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
                t.join(5000);
                await().atMost(Duration.ofSeconds(2)).until(() -> server.processesWith("list-").isEmpty());
            } finally {
                server.signalServer("CONT");
            }
            List<Segment> segments = journal.days().list().stream()
                    .flatMap(d -> journal.days().segments(d).stream()).toList();
            assertThat(segments).singleElement().satisfies(s -> assertThat(
                    Files.readString(s.dir().resolve("tmux_dev_screen.jsonl"))).contains("kept-at-stop"));
            assertThat(notices).noneMatch(n -> n.contains("tmux capture failed"));
        }
    }

    private static TmuxObserver observer(PrivateTmux server, Duration timeout, Journal journal,
                                         List<String> notices) {
        return new TmuxObserver(new Tmux(Optional.of(server.socket), server.scratch, timeout),
                new TmuxObserver.Settings(Duration.ofMillis(200), Duration.ofMinutes(10), Duration.ofMinutes(5),
                        Optional.of(server.socket)),
                new LocalSink(journal, Emitter.none(), Origin.here(), notices::add), Clock.systemUTC(),
                ZoneId.systemDefault(), notices::add);
    }

    private static void runQuietly(TmuxObserver observer) {
        try {
            observer.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
