package dev.engram.apps.observers;

import static dev.engram.apps.observers.IngestProtocolTest.DAY;
import static dev.engram.apps.observers.IngestProtocolTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write error while storing an upload answers 500 {@code ingest_storage_failed} in the reference's error shape and
 * keeps nothing: no partial segment, no staged leftover, no history, no event. Tests run as root, where a folder of
 * mode 000 is still writable; so the day's folder is made impossible to create: a regular file stands where it must be.
 */
class IngestStorageFailedTest {
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

    @Test
    void aFileWhereTheDayFolderMustBeIs500AndNothingIsKeptOnBothProtocols() throws Exception {
        Path day = dir.resolve(DAY);
        Files.writeString(day, "not a folder");
        HttpResponse<String> seed = server.post("/app/remote/ingest/" + key, new Multipart().field("day", DAY)
                .field("segment", "120000_300").file("tmux_work_screen.jsonl", "{\"frame_id\":1}\n"));
        HttpResponse<String> later = server.post("/app/observer/ingest", new Multipart().field("day", DAY)
                .field("segment", "121000_300").file("audio.flac", "abcd"), "Authorization", "Bearer " + key);
        for (HttpResponse<String> r : java.util.List.of(seed, later)) {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(500);
            assertThat(json(r).path("error").asString()).isEqualTo("Storage failed");
            assertThat(json(r).path("reason_code").asString()).isEqualTo("ingest_storage_failed");
            assertThat(json(r).path("detail").asString()).contains("nothing was kept");
            assertThat(r.body()).doesNotContain(key).doesNotContain("Exception").doesNotContain(dir.toString());
        }
        assertThat(day).isRegularFile().hasContent("not a folder");
        try (Stream<Path> s = Files.walk(dir.resolve(".staging"))) {
            assertThat(s.filter(Files::isRegularFile).toList()).as("staged leftovers").isEmpty();
        }
        assertThat(server.events).noneMatch(m -> m.event().equals("observing"));
        assertThat(server.ingest.list().getFirst().segmentsReceived()).isZero();
        assertThat(server.ingest.historyDays(key.substring(0, 8))).isEmpty();

        // the disk is fixed: the same upload is stored
        Files.delete(day);
        HttpResponse<String> ok = server.post("/app/remote/ingest/" + key, new Multipart().field("day", DAY)
                .field("segment", "120000_300").file("tmux_work_screen.jsonl", "{\"frame_id\":1}\n"));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(Files.readString(day.resolve("120000_300/tmux_work_screen.jsonl"))).isEqualTo("{\"frame_id\":1}\n");
    }
}
