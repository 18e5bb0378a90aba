package dev.engram.observe.tmux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.callosum.CallosumClient;
import dev.engram.callosum.CallosumServer;
import dev.engram.callosum.Emitter;
import dev.engram.callosum.Message;
import dev.engram.callosum.ServerConfig;
import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import dev.engram.journal.ScreenExtract;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The local tmux observer against a real, private tmux server with an attached client. */
@SpawnsProcesses
class TmuxObserverTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path tmp;

    private TmuxObserver.Settings settings(PrivateTmux tmux, Duration segment) {
        return new TmuxObserver.Settings(Duration.ofMillis(200), segment, Duration.ofMinutes(5),
                Optional.of(tmux.socket));
    }

    private static List<Segment> segments(Journal journal) {
        return journal.days().list().stream().flatMap(d -> journal.days().segments(d).stream()).toList();
    }

    private static Thread runInBackground(TmuxObserver observer) {
        Thread t = Thread.ofPlatform().daemon().start(() -> {
            try {
                observer.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return t;
    }

    @Test
    void capturesAnAttachedSessionIntoReferenceFramesAndAnnouncesTheSegment() throws Exception {
        Journal journal = Journal.create(tmp.resolve("journal"), "Ada");
        Path sock = tmp.resolve("bus.sock");
        List<Message> seen = new CopyOnWriteArrayList<>();
        List<String> notices = new CopyOnWriteArrayList<>();
        try (PrivateTmux tmux = new PrivateTmux("work");
             CallosumServer server = CallosumServer.start(ServerConfig.of(sock));
             CallosumClient listener = CallosumClient.start(sock, seen::add)) {
            tmux.run("new-session", "-d", "-s", "idle", "sh"); // no client: not captured
            tmux.attach("work");
            await().atMost(Duration.ofSeconds(10)).until(listener::isConnected);
            TmuxObserver observer = TmuxObserver.local(journal, m -> CallosumClient.send(sock, m),
                    settings(tmux, Duration.ofMillis(1500)), notices::add);
            Thread t = runInBackground(observer);
            tmux.type("work", "printf '\\033[31mred\\033[0m hello-engram\\n'");
            await().atMost(Duration.ofSeconds(20)).until(() -> segments(journal).stream().anyMatch(s ->
                    read(s, "tmux_work_screen.jsonl").contains("hello-engram")));
            Segment seg = segments(journal).stream().filter(s -> read(s, "tmux_work_screen.jsonl")
                    .contains("hello-engram")).findFirst().orElseThrow();
            assertThat(journal.days().files(seg).names()).containsExactlyInAnyOrder("stream.json",
                    "tmux_work_screen.jsonl");
            assertThat(read(seg, "stream.json")).matches("\\{\"stream\":\"[a-z0-9][a-z0-9._-]*\\.tmux\"}\\n");
            List<String> lines = read(seg, "tmux_work_screen.jsonl").lines().toList();
            assertThat(JSON.readTree(lines.getFirst()).path("raw").asString()).isEqualTo("tmux");
            JsonNode frame = JSON.readTree(lines.getLast());
            assertThat(frame.path("frame_id").asInt()).isPositive();
            assertThat(frame.path("timestamp").isNumber()).isTrue();
            assertThat(frame.path("requests").isArray()).isTrue();
            assertThat(frame.path("analysis").path("primary").asString()).isEqualTo("tmux");
            assertThat(frame.path("analysis").path("secondary").asString()).isEqualTo("none");
            assertThat(frame.path("analysis").path("overlap").asBoolean()).isFalse();
            JsonNode capture = frame.path("content").path("tmux");
            assertThat(capture.path("session").asString()).isEqualTo("work");
            assertThat(capture.path("windows").size()).isEqualTo(1);
            JsonNode pane = capture.path("panes").get(0);
            assertThat(pane.path("id").asString()).startsWith("%");
            assertThat(pane.path("width").asInt()).isEqualTo(100);
            assertThat(pane.path("active").asBoolean()).isTrue();
            assertThat(pane.path("content").asString()).contains("\u001b[31mred");
            // Engram's own reader takes it as a tmux extract
            ScreenExtract extract = journal.days().files(seg).screens().getFirst();
            assertThat(extract.isTmux()).isTrue();
            assertThat(segments(journal)).noneMatch(s -> journal.days().files(s).names()
                    .contains("tmux_idle_screen.jsonl"));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(seen).anySatisfy(m -> {
                assertThat(m.tract() + "." + m.event()).isEqualTo("observe.observing");
                assertThat(m.string("segment")).contains(seg.key().key());
                assertThat(m.string("day")).contains(seg.day().key());
                assertThat(m.string("observer")).contains("tmux-local");
                assertThat(m.get("files").orElseThrow().get(0).asString()).isEqualTo("tmux_work_screen.jsonl");
                assertThat(m.string("platform")).isPresent();
                assertThat(m.string("host")).isPresent();
            }));
            // nothing changes: no further segments
            int count = segments(journal).size();
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
                    .until(() -> segments(journal).size() == count);
            assertThat(observer.stop(Duration.ofSeconds(10))).isTrue();
            t.join(5000);
            assertThat(notices).isEmpty();
        }
    }

    @Test
    void stopWritesTheCurrentSegmentAndWithoutABusItSaysSoOnce() throws Exception {
        Journal journal = Journal.create(tmp.resolve("journal"), "Ada");
        List<String> notices = new CopyOnWriteArrayList<>();
        try (PrivateTmux tmux = new PrivateTmux("ops")) {
            tmux.attach("ops");
            TmuxObserver observer = new TmuxObserver(new Tmux(Optional.of(tmux.socket), tmux.scratch),
                    settings(tmux, Duration.ofMinutes(10)), new LocalSink(journal, Emitter.none(), Origin.here(),
                    notices::add), Clock.systemUTC(), ZoneId.systemDefault(), notices::add);
            Thread t = runInBackground(observer);
            tmux.type("ops", "echo first-segment");
            await().atMost(Duration.ofSeconds(10)).until(() -> observer.pendingFiles() > 0);
            await().atMost(Duration.ofSeconds(10)).until(() -> observer.pendingText().contains("first-segment"));
            assertThat(segments(journal)).isEmpty(); // the segment is ten minutes long
            assertThat(observer.stop(Duration.ofSeconds(10))).isTrue();
            t.join(5000);
            assertThat(segments(journal)).singleElement().satisfies(s ->
                    assertThat(read(s, "tmux_ops_screen.jsonl")).contains("first-segment"));
            assertThat(notices).singleElement().asString().contains("no Engram bus is reachable");
        }
    }

    @Test
    void aSessionThatClosesDuringACaptureIsSkippedAndTheOtherSessionsAreCaptured() throws Exception {
        Journal journal = Journal.create(tmp.resolve("journal"), "Ada");
        List<String> notices = new CopyOnWriteArrayList<>();
        try (PrivateTmux tmux = new PrivateTmux("first")) {
            tmux.run("new-session", "-d", "-s", "gone", "sh");
            tmux.run("new-session", "-d", "-s", "last", "env", "PS1=$ ", "sh");
            for (String session : List.of("first", "gone", "last")) { // list-clients lists them in this order
                tmux.attach(session);
            }
            tmux.type("first", "echo one-here");
            tmux.type("last", "echo three-here");
            Tmux direct = new Tmux(Optional.of(tmux.socket), tmux.scratch);
            await().atMost(Duration.ofSeconds(10)).until(() -> direct.clients().size() == 3
                    && direct.capture("first").contains("one-here") && direct.capture("last").contains("three-here"));
            // "gone" closes right after the observer lists the clients, before it captures that session
            tmux.run("set-hook", "-g", "after-list-clients", "kill-session -t gone");
            TmuxObserver observer = new TmuxObserver(new Tmux(Optional.of(tmux.socket), tmux.scratch),
                    settings(tmux, Duration.ofMinutes(10)), new LocalSink(journal, Emitter.none(), Origin.here(),
                    notices::add), Clock.systemUTC(), ZoneId.systemDefault(), notices::add);
            observer.captureOnce(java.time.Instant.now());
            assertThat(observer.pendingText()).contains("one-here", "three-here");
            assertThat(observer.status(true, java.time.Instant.now()).sessions()).containsExactly("first", "last");
            assertThat(notices).as("a session that closed is no failure").isEmpty();
        }
    }

    @Test
    void noTmuxServerIsNothingToCaptureNotAFailure() throws Exception {
        Journal journal = Journal.create(tmp.resolve("journal"), "Ada");
        List<String> notices = new CopyOnWriteArrayList<>();
        TmuxObserver observer = new TmuxObserver(new Tmux(Optional.of("engram-test-none-" + System.nanoTime()),
                journal.scratchFolder("tmux")),
                new TmuxObserver.Settings(Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofMinutes(5),
                        Optional.empty()),
                new LocalSink(journal, Emitter.none(), Origin.here(), notices::add), Clock.systemUTC(),
                ZoneId.systemDefault(), notices::add);
        Thread t = runInBackground(observer);
        await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> true);
        assertThat(observer.stop(Duration.ofSeconds(5))).isTrue();
        t.join(5000);
        assertThat(segments(journal)).isEmpty();
        assertThat(notices).as("no failure; one line saying why nothing is captured").containsExactly("no tmux"
                + " session has an attached client active in the last 5 min: nothing is captured until one has"
                + " (attach to a session and type in it)");
    }

    private static String read(Segment s, String name) {
        try {
            Path f = s.dir().resolve(name);
            return Files.exists(f) ? Files.readString(f) : "";
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
