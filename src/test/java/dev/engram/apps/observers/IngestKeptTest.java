package dev.engram.apps.observers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.callosum.Message;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Once an upload's files are in place it is kept: answered 200, announced, and a retry is a duplicate. */
class IngestKeptTest {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String DAY = "20261130";
    @TempDir
    Path dir;
    IngestServer server;

    @BeforeEach
    void start() {
        server = new IngestServer(dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> upload(String key, String segment, String content) {
        return server.post("/app/observer/ingest", new Multipart().field("day", DAY).field("segment", segment)
                .file("audio.flac", content), "Authorization", "Bearer " + key);
    }

    private List<Message> observing() {
        return server.events.stream().filter(m -> m.event().equals("observing")).toList();
    }

    private List<String> segmentDirs() throws Exception {
        try (Stream<Path> s = Files.list(dir.resolve(DAY))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aHistoryThatCannotBeWrittenAfterTheCommitStillAnswers200AnnouncesAndDetectsTheRetry() throws Exception {
        String key = server.key("laptop");
        Path hist = dir.resolve("apps/observers/observers/" + key.substring(0, 8) + "/hist/" + DAY + ".jsonl");
        Files.createDirectories(hist); // a folder where the history file goes: every append fails

        HttpResponse<String> r = upload(key, "100000_300", "one");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).path("status").asString()).isEqualTo("ok");
        assertThat(segmentDirs()).containsExactly("100000_300");
        assertThat(observing()).hasSize(1);

        // the observer did not get its answer and sends the same upload again: a duplicate, not a second segment
        HttpResponse<String> again = upload(key, "100000_300", "one");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        JsonNode dup = JSON.readTree(again.body());
        assertThat(dup.path("status").asString()).isEqualTo("duplicate");
        assertThat(dup.path("existing_segment").asString()).isEqualTo("100000_300");
        assertThat(segmentDirs()).containsExactly("100000_300");
        assertThat(server.get("/app/observer/ingest/segments/" + DAY, "Authorization", "Bearer " + key).body())
                .contains("\"key\":\"100000_300\"");

        // once the history can be written, the kept line goes first
        Files.delete(hist);
        assertThat(upload(key, "101000_300", "two").statusCode()).isEqualTo(200);
        List<String> lines = Files.readAllLines(hist);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("\"segment\":\"100000_300\"");
        assertThat(lines.get(1)).contains("\"segment\":\"101000_300\"");
    }

    @Test
    void anAnnouncementTheBusDidNotTakeIsSentAgainBeforeTheNextEvent() throws Exception {
        String key = server.key("laptop");
        server.busDown.set(true);
        assertThat(upload(key, "100000_300", "one").statusCode()).isEqualTo(200);
        assertThat(observing()).isEmpty();
        assertThat(server.ingest.unsent()).isEqualTo(1);

        server.busDown.set(false);
        HttpResponse<String> status = server.postJson("/app/observer/ingest/event",
                "{\"tract\":\"observe\",\"event\":\"status\"}", "Authorization", "Bearer " + key);
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(observing()).hasSize(1);
        assertThat(observing().getFirst().string("segment")).hasValue("100000_300");
        assertThat(server.events.getFirst().event()).isEqualTo("observing"); // before the status it came with
        assertThat(server.ingest.unsent()).isZero();
    }
}
