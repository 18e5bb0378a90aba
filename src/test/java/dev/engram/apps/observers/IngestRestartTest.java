package dev.engram.apps.observers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.callosum.Emitter;
import dev.engram.callosum.Message;
import dev.engram.observe.api.Observer;
import dev.engram.observe.ingest.IngestService;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the next start of ingest makes of the upload history after a crash (a fresh service on the same journal,
 * without the old one's stop, as after kill -9): a segment answered 200 whose {@code observe.observing} never reached
 * sense is announced again (one that sense finished, or whose folder is gone, is not; an {@code observed} said twice
 * is written once); and the observer's counts lost with the last 2 s save come back from the history.
 */
class IngestRestartTest {
    static final String DAY = "20261130";
    @TempDir
    Path dir;
    IngestServer server;
    String key;

    @BeforeEach
    void start() {
        server = new IngestServer(dir);
        key = server.key("laptop");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void upload(String segment, String text) {
        upload(DAY, segment, text);
    }

    private void upload(String day, String segment, String text) {
        HttpResponse<String> r = server.post("/app/observer/ingest", new Multipart().field("day", day)
                .field("segment", segment).field("host", "vm").file("audio.flac", text), "Authorization",
                "Bearer " + key);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    /** What a fresh ingest service on the same journal (the next start) announces. */
    private List<Message> announcedAtNextStart() throws InterruptedException {
        List<Message> sent = new CopyOnWriteArrayList<>();
        Emitter bus = m -> sent.add(m);
        IngestService next = new IngestService(server.journal, bus);
        next.announceUnobserved().join();
        return sent;
    }

    private long observedLines(String segment) throws Exception {
        Path hist = server.journal.appStorage("observers").resolve("observers").resolve(key.substring(0, 8))
                .resolve("hist").resolve(DAY + ".jsonl");
        return Files.readAllLines(hist).stream().filter(l -> l.contains("\"observed\"")
                && l.contains("\"segment\":\"" + segment + "\"")).count();
    }

    @Test
    void aDeliveredSegmentThatSenseNeverFinishedIsAnnouncedAgain() throws Exception {
        upload("100000_300", "sensed");
        upload("100500_300", "never sensed");
        upload("101000_300", "deleted by the owner");
        // sense finished the first (through the bus, as the Observers app hears it)
        server.bus.emit(Message.of("observe", "observed", Map.of("segment", "100000_300", "day", DAY, "observer",
                "laptop")));
        await().atMost(Duration.ofSeconds(10)).until(() -> observedLines("100000_300") == 1);
        try (var files = Files.walk(server.journal.root().resolve(DAY).resolve("101000_300"))) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }

        List<Message> again = announcedAtNextStart();
        assertThat(again).hasSize(1);
        Message m = again.getFirst();
        assertThat(m.tract() + "." + m.event()).isEqualTo("observe.observing");
        assertThat(m.string("segment")).hasValue("100500_300");
        assertThat(m.string("day")).hasValue(DAY);
        assertThat(m.string("observer")).hasValue("laptop");
        assertThat(m.string("host")).hasValue("vm");
        assertThat(m.json().path("recovered").asBoolean()).isTrue();
        assertThat(m.json().path("files").toString()).isEqualTo("[\"audio.flac\"]");

        // sense finishes it (twice: announced by the crashed process and again now): one line, then not again
        server.ingest.observed("laptop", DAY, "100500_300");
        server.ingest.observed("laptop", DAY, "100500_300");
        assertThat(observedLines("100500_300")).isEqualTo(1);
        assertThat(announcedAtNextStart()).isEmpty();
    }

    /** The observer as a fresh service on the same journal sees it: the next start, without the old one's stop. */
    private Observer afterRestart() {
        return new IngestService(server.journal, Emitter.none()).find(key.substring(0, 8)).orElseThrow();
    }

    @Test
    void countsLostWithTheLastSaveComeBackFromTheHistory() throws Exception {
        for (int i = 0; i < 5; i++) { // a burst: the counters file is saved for the first upload only
            upload(DAY, String.format("10%02d00_60", i), "audio " + i);
        }
        upload("20261129", "230000_60", "yesterday's");
        server.ingest.observed("laptop", DAY, "100000_60");
        server.ingest.observed("laptop", DAY, "100000_60"); // said twice: counted once

        Observer o = afterRestart(); // no flush: as after kill -9
        assertThat(o.segmentsReceived()).isEqualTo(6);
        assertThat(o.bytesReceived()).isEqualTo(5 * "audio 0".length() + "yesterday's".length());
        assertThat(o.segmentsObserved()).isEqualTo(1);
        assertThat(o.lastSegment()).isEqualTo("20261129/230000_60"); // the newest upload, not the newest day

        // a counters file that says otherwise (a save of an older state) is corrected by the history
        server.ingest.flush();
        Path stats = server.journal.appStorage("observers").resolve("observers").resolve(key.substring(0, 8)
                + ".stats.json");
        String saved = Files.readString(stats);
        assertThat(saved).contains("\"history_days\"");
        upload(DAY, "110000_60", "one more");
        Observer later = afterRestart();
        assertThat(later.segmentsReceived()).isEqualTo(7);
        assertThat(later.lastSegment()).isEqualTo(DAY + "/110000_60");
    }
}
