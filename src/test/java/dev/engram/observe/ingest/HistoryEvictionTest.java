package dev.engram.observe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.callosum.Emitter;
import dev.engram.journal.Journal;
import dev.engram.observe.api.Observer;
import dev.engram.observe.api.Protocol;
import dev.engram.observe.api.Upload;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One day's upload history written by several threads while the sync checks of other days push it out of the cache:
 * every line written must be seen by the next sync check (a writer that held an evicted day appended where nobody
 * reads, so the observer saw its segment as not observed, or not received and sent it again).
 */
class HistoryEvictionTest {
    static final String DAY = "20261130";
    @TempDir
    Path dir;

    @Test
    void whatIsWrittenWhileTheDayIsEvictedIsSeenByTheNextSyncCheck() throws Exception {
        Journal journal = Journal.create(dir, "Test Owner");
        IngestService ingest = new IngestService(journal, Emitter.none());
        Observer o = ingest.create("laptop").observer();
        int segments = 96;
        for (int i = 0; i < segments; i++) {
            try (Upload up = ingest.begin(o, Protocol.OBSERVER)) {
                up.field("day", DAY);
                up.field("segment", String.format("1%d%02d00_60", i / 60, i % 60));
                up.file("audio.flac", new ByteArrayInputStream(("sound " + i).getBytes(StandardCharsets.UTF_8)));
                assertThat(up.commit().status()).isEqualTo("ok");
            }
        }
        AtomicBoolean done = new AtomicBoolean();
        ConcurrentLinkedQueue<String> unseen = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> churn = new ArrayList<>();
            for (int c = 0; c < 2; c++) {
                int offset = c * 200;
                churn.add(pool.submit(() -> { // the sync checks of many other days keep evicting the eldest
                    for (int i = 0; !done.get(); i++) {
                        ingest.segments(o, String.format("2025%02d%02d", 1 + (offset + i) % 12, 1 + i % 28), null);
                    }
                }));
            }
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int first = w;
                writers.add(pool.submit(() -> {
                    for (int i = first; i < segments; i += 4) {
                        String seg = String.format("1%d%02d00_60", i / 60, i % 60);
                        ingest.observed("laptop", DAY, seg); // sense finished it
                        boolean seen = ingest.segments(o, DAY, null).stream().anyMatch(m -> seg.equals(m.get("key"))
                                && Boolean.TRUE.equals(m.get("observed")));
                        if (!seen) {
                            unseen.add(seg);
                        }
                    }
                }));
            }
            for (Future<?> f : writers) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            done.set(true);
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(unseen).as("segments whose observed line the next sync check did not see").isEmpty();
        List<Map<String, Object>> all = ingest.segments(o, DAY, null);
        assertThat(all).hasSize(segments).allMatch(m -> Boolean.TRUE.equals(m.get("observed")));
        assertThat(ingest.list().getFirst().segmentsObserved()).isEqualTo(segments);
    }
}
