package dev.engram.apps.observers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.callosum.Emitter;
import dev.engram.observe.api.Observer;
import dev.engram.observe.ingest.IngestService;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An observer's received and observed counts survive a crash: the counters file is written at most every 2 s, so a
 * process killed right after a burst of uploads had not saved the last of them, and the next start takes the counts
 * from the upload history (the record) instead; a counters file that disagrees with the history is corrected.
 */
class CountersAfterCrashTest {
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

    private void upload(String day, String segment, String text) {
        HttpResponse<String> r = server.post("/app/observer/ingest", new Multipart().field("day", day)
                .field("segment", segment).file("audio.flac", text), "Authorization", "Bearer " + key);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
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
