package dev.engram.observe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.callosum.Emitter;
import dev.engram.journal.Journal;
import dev.engram.observe.api.Observer;
import dev.engram.observe.api.Protocol;
import dev.engram.observe.api.Upload;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sense's {@code observed} line is written after the day's lock is released (so this observer's next upload does not
 * wait for its fsync), yet it is on disk when {@code observed} returns, the cached day has it, and a fresh start reads
 * it back: the history promise of docs/observe.md is unchanged. A day whose line is being written is not evicted.
 */
class ObservedLineTest {
    static final String DAY = "20261130";
    @TempDir
    Path dir;

    @Test
    void theObservedLineIsOnDiskWhenObservedReturnsAndSurvivesARestart() throws Exception {
        Journal journal = Journal.create(dir, "Test Owner");
        IngestService ingest = new IngestService(journal, Emitter.none());
        Observer o = ingest.create("laptop").observer();
        for (String seg : List.of("100000_60", "100100_60")) {
            try (Upload up = ingest.begin(o, Protocol.OBSERVER)) {
                up.field("day", DAY);
                up.field("segment", seg);
                up.file("audio.flac", new ByteArrayInputStream(seg.getBytes(StandardCharsets.UTF_8)));
                assertThat(up.commit().status()).isEqualTo("ok");
            }
        }
        ingest.observed("laptop", DAY, "100000_60");
        ingest.observed("laptop", DAY, "235900_60"); // never delivered: no line

        Path hist = journal.appStorage(KeyStore.APP).resolve(KeyStore.DIR).resolve(o.prefix()).resolve("hist")
                .resolve(DAY + ".jsonl");
        List<String> lines = Files.readAllLines(hist);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(2)).contains("\"type\":\"observed\"").contains("\"segment\":\"100000_60\"");
        assertThat(observed(ingest, o)).containsExactly("100000_60");
        assertThat(ingest.list().getFirst().segmentsObserved()).isEqualTo(1);

        // the history of a fresh start (nothing cached) reads the same
        IngestService again = new IngestService(Journal.open(dir), Emitter.none());
        Observer o2 = again.list().getFirst();
        assertThat(observed(again, o2)).containsExactly("100000_60");
    }

    @Test
    void aDayWhoseObservedLineIsBeingWrittenIsNotEvicted() throws Exception {
        Journal journal = Journal.create(dir, "Test Owner");
        History history = new History(journal);
        History.DayLog log = history.lock("abcd1234", DAY);
        var rec = History.object().put("type", "observed").put("segment", "100000_60");
        try {
            log.remember(rec);
        } finally {
            log.lock.unlock();
        }
        for (int d = 1; d <= History.CACHED_DAYS + 8; d++) { // other days' sync checks push the eldest out
            history.day("abcd1234", String.format("2025%02d%02d", 1 + d % 12, 1 + d % 28));
        }
        assertThat(history.day("abcd1234", DAY)).as("the day between remember and its write").isSameAs(log);
        log.writeRemembered(rec);
        assertThat(log.unwritten()).isZero();
        assertThat(history.day("abcd1234", DAY).records()).hasSize(1);
    }

    private static List<Object> observed(IngestService ingest, Observer o) {
        return ingest.segments(o, DAY, null).stream().filter(m -> Boolean.TRUE.equals(m.get("observed")))
                .map(m -> m.get("key")).toList();
    }
}
