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

/** Both ingest protocols over real HTTP multipart, as the released observers speak them (spec §8, §11). */
class IngestProtocolTest {
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

    static JsonNode json(HttpResponse<String> r) {
        return JSON.readTree(r.body());
    }

    private List<Message> observing() {
        return server.events.stream().filter(m -> m.tract().equals("observe") && m.event().equals("observing"))
                .toList();
    }

    @Test
    void seedObserverRegistersUploadsChecksSyncAndRelaysStatus() throws Exception {
        // solstone-tmux 0.1.0: register from loopback without a session
        HttpResponse<String> reg = server.postJson("/app/remote/api/create", "{\"name\": \"vm.tmux\"}");
        assertThat(reg.statusCode()).as(reg.body()).isEqualTo(200);
        String key = json(reg).path("key").asString();
        assertThat(key).hasSize(43).matches("[A-Za-z0-9_-]{43}");
        assertThat(json(reg).path("key_prefix").asString()).isEqualTo(key.substring(0, 8));
        assertThat(json(reg).path("ingest_url").asString()).endsWith("/app/remote/ingest/" + key);
        assertThat(Files.readString(dir.resolve("apps/observers/observers/" + key.substring(0, 8) + ".json")))
                .doesNotContain(key).contains("key_sha256");

        HttpResponse<String> up = server.post("/app/remote/ingest/" + key, new Multipart().field("day", DAY)
                .field("segment", "062853_12").field("meta", "{\"stream\": \"vm.tmux\"}")
                .file("062853_12_tmux_work_screen.jsonl", "{\"frame_id\":1}\n").file("audio.flac", new byte[5000]));
        assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
        JsonNode ok = json(up);
        assertThat(ok.path("status").asString()).isEqualTo("ok");
        assertThat(ok.path("files").toString()).isEqualTo("[\"tmux_work_screen.jsonl\",\"audio.flac\"]");
        assertThat(ok.path("bytes").asLong()).isEqualTo(5015);
        Path seg = dir.resolve(DAY).resolve("062853_12");
        assertThat(Files.readString(seg.resolve("tmux_work_screen.jsonl"))).isEqualTo("{\"frame_id\":1}\n");
        assertThat(Files.size(seg.resolve("audio.flac"))).isEqualTo(5000);
        // the stream the observer named, recorded in the segment (the index's stream filter reads it)
        assertThat(Files.readString(seg.resolve("stream.json"))).isEqualTo("{\"stream\":\"vm.tmux\"}\n");

        Message ev = observing().getFirst();
        assertThat(ev.string("remote")).hasValue("vm.tmux");
        assertThat(ev.string("segment")).hasValue("062853_12");
        assertThat(ev.string("day")).hasValue(DAY);
        assertThat(ev.string("stream")).hasValue("vm.tmux");
        assertThat(ev.get("files").orElseThrow().toString()).contains("tmux_work_screen.jsonl", "audio.flac");

        // sync check: the client skips segments present under key or original_key
        HttpResponse<String> list = server.get("/app/remote/ingest/" + key + "/segments/" + DAY + "?stream=vm.tmux");
        assertThat(list.statusCode()).isEqualTo(200);
        JsonNode segs = json(list);
        assertThat(segs.isArray()).isTrue();
        assertThat(segs.get(0).path("key").asString()).isEqualTo("062853_12");
        assertThat(segs.get(0).path("observed").asBoolean()).isFalse();
        assertThat(segs.get(0).path("files").findValuesAsString("name")).doesNotContain("stream.json");
        JsonNode f0 = segs.get(0).path("files").get(0);
        assertThat(f0.path("name").asString()).isEqualTo("tmux_work_screen.jsonl");
        assertThat(f0.path("submitted_name").asString()).isEqualTo("062853_12_tmux_work_screen.jsonl");
        assertThat(f0.path("status").asString()).isEqualTo("present");
        assertThat(f0.path("sha256").asString()).hasSize(64);
        assertThat(json(server.get("/app/remote/ingest/" + key + "/segments/" + DAY + "?stream=other")).size())
                .isZero();

        // sense finished: the sync check says observed
        server.ingest.observed("vm.tmux", DAY, "062853_12");
        assertThat(json(server.get("/app/remote/ingest/" + key + "/segments/" + DAY)).get(0).path("observed")
                .asBoolean()).isTrue();

        // status relay, with remote added
        HttpResponse<String> st = server.postJson("/app/remote/ingest/" + key + "/event", """
                {"tract":"observe","event":"status","mode":"tmux","tmux":{"capturing":true,"sessions":["work"]},
                 "host":"vm","platform":"linux","stream":"vm.tmux"}""");
        assertThat(st.statusCode()).isEqualTo(200);
        assertThat(json(st).path("status").asString()).isEqualTo("ok");
        Message status = server.events.stream().filter(m -> m.event().equals("status")).findFirst().orElseThrow();
        assertThat(status.string("remote")).hasValue("vm.tmux");
        assertThat(status.string("mode")).hasValue("tmux");
        assertThat(server.ingest.list().getFirst().freshness(System.currentTimeMillis())).isEqualTo("connected");
        assertThat(server.ingest.list().getFirst().segmentsReceived()).isEqualTo(1);
    }

    @Test
    void laterObserverRegistersAndUploadsWithBearerHeaderOrPathAndDuplicatesWriteNothing() throws Exception {
        HttpResponse<String> reg = server.postJson("/app/observer/register",
                "{\"platform\":\"linux\",\"hostname\":\"vm\",\"stream_type\":\"tmux\",\"version\":\"0.3.1\"}");
        assertThat(reg.statusCode()).as(reg.body()).isEqualTo(200);
        String key = json(reg).path("key").asString();
        assertThat(json(reg).path("name").asString()).isEqualTo("vm.tmux");

        Multipart first = new Multipart().field("day", DAY).field("segment", "100000_300")
                .field("host", "vm").field("platform", "linux").field("meta", "{\"stream\":\"vm.tmux\",\"host\":\"meta-host\"}")
                .file("tmux_work_screen.jsonl", "frame one\n");
        HttpResponse<String> up = server.post("/app/observer/ingest", first, "Authorization", "Bearer " + key,
                "X-Solstone-Observer", key);
        assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
        assertThat(json(up).path("status").asString()).isEqualTo("ok");
        assertThat(json(up).path("segment").asString()).isEqualTo("100000_300");
        Message ev = observing().getFirst();
        assertThat(ev.string("observer")).hasValue("vm.tmux");
        assertThat(ev.string("remote")).isEmpty();
        assertThat(ev.get("meta").orElseThrow().path("host").asString()).isEqualTo("meta-host"); // meta wins
        assertThat(ev.get("meta").orElseThrow().path("platform").asString()).isEqualTo("linux");
        assertThat(ev.string("stream")).hasValue("vm.tmux");
        assertThat(Files.readString(dir.resolve(DAY).resolve("100000_300").resolve("stream.json")))
                .isEqualTo("{\"stream\":\"vm.tmux\"}\n");

        // the same files again (a restarted observer): duplicate, nothing written, no event
        Multipart again = new Multipart().field("day", DAY).field("segment", "100500_300")
                .file("tmux_work_screen.jsonl", "frame one\n");
        HttpResponse<String> dup = server.post("/app/observer/ingest", again, "X-Solstone-Observer", key);
        assertThat(dup.statusCode()).as(dup.body()).isEqualTo(200);
        assertThat(json(dup).path("status").asString()).isEqualTo("duplicate");
        assertThat(json(dup).path("existing_segment").asString()).isEqualTo("100000_300");
        assertThat(json(dup).path("message").asString()).isEqualTo("All files already received");
        assertThat(segmentDirs()).containsExactly("100000_300");
        assertThat(observing()).hasSize(1);
        assertThat(server.ingest.list().getFirst().duplicatesRejected()).isEqualTo(1);

        // key in the path
        HttpResponse<String> viaPath = server.post("/app/observer/ingest/" + key, new Multipart().field("day", DAY)
                .field("segment", "101000_300").field("meta", "{\"stream\":\"VM Screen\"}").file("audio.flac", "other"));
        assertThat(viaPath.statusCode()).as(viaPath.body()).isEqualTo(200);
        // meta names no valid stream (the reference's rule: lowercase): the observer's name is the stream
        assertThat(Files.readString(dir.resolve(DAY).resolve("101000_300").resolve("stream.json")))
                .isEqualTo("{\"stream\":\"vm.tmux\"}\n");
        HttpResponse<String> list = server.get("/app/observer/ingest/segments/" + DAY,
                "Authorization", "Bearer " + key, "X-Solstone-Protocol-Version", "2");
        assertThat(json(list).findValuesAsString("key")).containsExactly("100000_300", "101000_300");
        HttpResponse<String> evr = server.postJson("/app/observer/ingest/event",
                "{\"tract\":\"observe\",\"event\":\"status\",\"pending_queue_depth\":0}", "Authorization", "Bearer " + key);
        assertThat(evr.statusCode()).isEqualTo(200);
        assertThat(server.events.stream().filter(m -> m.event().equals("status")).findFirst().orElseThrow()
                .string("observer")).hasValue("vm.tmux");
        assertThat(server.ingest.latestStatus()).containsKey(key.substring(0, 8));

        // a device key relays its own observe.* events only: no agent runs, no faked pipeline events
        int before = server.events.size();
        for (String forged : List.of("{\"tract\":\"cortex\",\"event\":\"request\",\"agent_id\":\"1\",\"prompt\":\"x\"}",
                "{\"tract\":\"observe\",\"event\":\"observed\",\"day\":\"" + DAY + "\",\"segment\":\"100000_300\"}")) {
            HttpResponse<String> refused = server.postJson("/app/observer/ingest/event", forged,
                    "Authorization", "Bearer " + key);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
            assertThat(json(refused).path("reason_code").asString()).isEqualTo("event_not_relayed");
        }
        assertThat(server.events).hasSize(before);
    }

    @Test
    void collisionsWalkToAFreeKeyAndTheSyncCheckNamesTheOriginal() throws Exception {
        String key = server.key("laptop");
        for (String content : List.of("a", "b", "c")) {
            HttpResponse<String> r = server.post("/app/observer/ingest", new Multipart().field("day", DAY)
                    .field("segment", "120000_300").file("audio.flac", content), "Authorization", "Bearer " + key);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            if (!content.equals("a")) {
                assertThat(json(r).path("status").asString()).isEqualTo("collision");
                assertThat(json(r).path("segment").asString()).isNotEqualTo("120000_300");
            }
        }
        String seed = server.key("seed");
        HttpResponse<String> s = server.post("/app/remote/ingest/" + seed, new Multipart().field("day", DAY)
                .field("segment", "120000_300").field("meta", "{\"stream\":\"desk.tmux\"}").file("audio.flac", "d"));
        assertThat(json(s).path("status").asString()).isEqualTo("ok"); // SEED clients only know "ok"
        // each walked segment has its own stream.json: the observer's name, or the stream its meta names
        try (Stream<Path> dirs = Files.list(dir.resolve(DAY))) {
            assertThat(dirs.filter(Files::isDirectory).map(d -> {
                try {
                    return JSON.readTree(Files.readString(d.resolve("stream.json"))).path("stream").asString();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).sorted().toList()).containsExactly("desk.tmux", "laptop", "laptop", "laptop");
        }
        assertThat(segmentDirs()).hasSize(4);
        JsonNode segs = json(server.get("/app/observer/ingest/segments/" + DAY, "Authorization", "Bearer " + key));
        assertThat(segs.size()).isEqualTo(3);
        assertThat(segs.findValuesAsString("original_key")).containsExactly("120000_300", "120000_300");
        assertThat(json(server.get("/app/remote/ingest/" + seed + "/segments/" + DAY)).get(0).path("original_key")
                .asString()).isEqualTo("120000_300");
    }

    @Test
    void theSyncCheckFindsAFileThatLeftItsSegmentByInodeAsRelocated() throws Exception {
        String key = server.key("laptop");
        assertThat(server.post("/app/remote/ingest/" + key, new Multipart().field("day", DAY).field("segment",
                "130000_300").file("130000_300_audio.flac", "sound").file("screen.jsonl", "{}\n")).statusCode())
                .isEqualTo(200);
        // the owner moves one file into another segment of the day (same file system: same inode)
        Path elsewhere = Files.createDirectories(dir.resolve(DAY).resolve("131000_300"));
        Files.move(dir.resolve(DAY).resolve("130000_300/audio.flac"), elsewhere.resolve("audio.flac"));
        JsonNode seg = json(server.get("/app/remote/ingest/" + key + "/segments/" + DAY)).get(0);
        assertThat(seg.path("key").asString()).isEqualTo("130000_300");
        JsonNode audio = seg.path("files").get(0);
        assertThat(audio.path("name").asString()).isEqualTo("audio.flac");
        assertThat(audio.path("submitted_name").asString()).isEqualTo("130000_300_audio.flac");
        assertThat(audio.path("status").asString()).isEqualTo("relocated");
        assertThat(audio.path("current_path").asString()).isEqualTo("131000_300/audio.flac");
        assertThat(seg.path("files").get(1).path("status").asString()).isEqualTo("present");
        assertThat(seg.path("files").get(1).has("current_path")).isFalse();
        Files.delete(elsewhere.resolve("audio.flac"));
        JsonNode gone = json(server.get("/app/remote/ingest/" + key + "/segments/" + DAY)).get(0).path("files").get(0);
        assertThat(gone.path("status").asString()).isEqualTo("missing");
        assertThat(gone.has("current_path")).isFalse();
    }

    @Test
    void whenEveryKeyNearbyIsTakenTheAnswerIs507AndTheFilesAreKeptAtFailedPath(@TempDir Path other) throws Exception {
        try (IngestServer small = new IngestServer(other, 3)) {
            String key = small.key("laptop");
            // every key within 3 steps of 120000_300 exists
            for (int dt = -3; dt <= 3; dt++) {
                for (int dl = -3; dl <= 3; dl++) {
                    if (Math.abs(dt) + Math.abs(dl) <= 3) {
                        Files.createDirectories(other.resolve(DAY).resolve(String.format("1200%02d_%d", 3 + dt, 300 + dl)
                                .replace("120000_", "120000_")));
                    }
                }
            }
            // the walk starts from 120003_300 (folders 120000..120006 exist for lengths 297..303)
            HttpResponse<String> r = small.post("/app/observer/ingest", new Multipart().field("day", DAY)
                    .field("segment", "120003_300").file("audio.flac", "x"), "Authorization", "Bearer " + key);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(507);
            assertThat(json(r).path("status").asString()).isEqualTo("failed");
            assertThat(json(r).path("reason_code").asString()).isEqualTo("ingest_storage_failed");
            // the files are kept where the answer says, inside the journal, never as a segment
            String failed = json(r).path("failed_path").asString();
            assertThat(failed).matches("apps/observers/failed/" + DAY + "/120003_300/\\d+");
            assertThat(Files.readString(other.resolve(failed).resolve("audio.flac"))).isEqualTo("x");
            try (Stream<Path> s = Files.walk(other.resolve(DAY))) {
                assertThat(s.filter(Files::isRegularFile)).isEmpty();
            }
            // the owner sees it in the Observers app's API: day, segment, when, size, where, why
            String prefix = key.substring(0, 8);
            dev.engram.testing.HttpSession owner = new dev.engram.testing.HttpSession(small.url)
                    .login(dev.engram.apps.support.AppServer.PASSWORD);
            JsonNode listed = dev.engram.testing.HttpSession.json(owner.get("/app/observers/api/" + prefix
                    + "/failed"));
            assertThat(listed.path("failed").size()).isEqualTo(1);
            JsonNode f = listed.path("failed").get(0);
            assertThat(f.path("day").asString()).isEqualTo(DAY);
            assertThat(f.path("segment").asString()).isEqualTo("120003_300");
            assertThat(f.path("failed_path").asString()).isEqualTo(failed);
            assertThat(f.path("bytes").asLong()).isEqualTo(1);
            assertThat(f.path("files").toString()).isEqualTo("[\"audio.flac\"]");
            assertThat(f.path("at").asLong()).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset
                    .offset(60_000L));
            assertThat(f.path("reason").asString()).contains("120003_300", "collision");
            assertThat(f.path("kept").asBoolean()).isTrue();
            assertThat(dev.engram.testing.HttpSession.json(owner.get("/app/observers/api/list")).get(0)
                    .path("failed_uploads").asInt()).isEqualTo(1);
            String otherKey = small.key("desktop");
            assertThat(dev.engram.testing.HttpSession.json(owner.get("/app/observers/api/" + otherKey.substring(0, 8)
                    + "/failed")).path("failed").size()).as("per observer").isZero();
            assertThat(owner.get("/app/observers/api/zzzzzzzz/failed").statusCode()).isEqualTo(404);
            // bounded: the oldest kept uploads go past the limit
            for (int i = 0; i < dev.engram.observe.ingest.IngestService.MAX_FAILED_KEPT + 2; i++) {
                assertThat(small.post("/app/remote/ingest/" + key, new Multipart().field("day", DAY)
                        .field("segment", "120003_300").file("audio.flac", "y" + i)).statusCode()).isEqualTo(507);
            }
            try (Stream<Path> s = Files.list(other.resolve("apps/observers/failed/" + DAY + "/120003_300"))) {
                assertThat(s.count()).isEqualTo(dev.engram.observe.ingest.IngestService.MAX_FAILED_KEPT);
            }
            assertThat(other.resolve(failed)).doesNotExist();
            JsonNode after = dev.engram.testing.HttpSession.json(owner.get("/app/observers/api/" + prefix + "/failed"))
                    .path("failed");
            assertThat(after.size()).isEqualTo(dev.engram.observe.ingest.IngestService.MAX_FAILED_KEPT + 3);
            assertThat(after.get(0).path("kept").asBoolean()).as("the newest is kept").isTrue();
            assertThat(after.get(after.size() - 1).path("failed_path").asString()).isEqualTo(failed);
            assertThat(after.get(after.size() - 1).path("kept").asBoolean()).as("the oldest was removed").isFalse();
        }
    }

    private List<String> segmentDirs() throws Exception {
        try (Stream<Path> s = Files.list(dir.resolve(DAY))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
