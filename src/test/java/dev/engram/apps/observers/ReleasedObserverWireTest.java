package dev.engram.apps.observers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.callosum.Message;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The request sequences the released solstone-tmux observers (0.1.0: SEED protocol; 0.3.1: later protocol) sent to
 * a running Engram, replayed byte for byte as recorded on the wire (docs/observe.md "Checked with the released
 * observers"; also solstone-linux 0.4.3's upload client and sync service): their HTTP client's headers (gzip
 * accepted, a 32-hex multipart boundary, {@code application/octet-stream} file parts, the CSRF cookie the SEED
 * client kept from an earlier answer), bodies with JSON nulls, and the two situations of a real session that the
 * happy path misses: an upload whose answer was lost is sent again under the
 * same segment key (it must be a {@code duplicate} naming that key, written once), and the sync check a restarted
 * observer makes must list every delivered key so that it uploads nothing again.
 */
class ReleasedObserverWireTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String DAY = "20261130";
    private static final String SEGMENT = "165851_30";
    private static final String FRAME = "{\"frame_id\": 1, \"timestamp\": 5.004866600036621, \"requests\": [],"
            + " \"analysis\": {\"visual_description\": \"Terminal session 'work' with 1 pane in window 'bash'\","
            + " \"primary\": \"tmux\", \"secondary\": \"none\", \"overlap\": false}, \"content\": {\"tmux\":"
            + " {\"session\": \"work\", \"window\": {\"id\": \"@0\", \"index\": 0, \"name\": \"bash\"}, \"windows\":"
            + " [{\"id\": \"@0\", \"index\": 0, \"name\": \"bash\", \"active\": true}], \"panes\": [{\"id\": \"%0\","
            + " \"index\": 0, \"left\": 0, \"top\": 0, \"width\": 120, \"height\": 30, \"active\": true, \"content\":"
            + " \"\\u001b[32mroot@vm\\u001b[39m:~# echo compat-tick-1\\ncompat-tick-1\\n\"}]}}}\n";
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

    @Test
    void solstoneTmux031SessionWithALostAnswerAndARestartUploadsEachSegmentOnce() throws Exception {
        Wire reg = send("POST", "/app/observer/register", "application/json",
                "{\"platform\": \"linux\", \"hostname\": \"vm\", \"stream_type\": \"tmux\", \"version\": \"0.3.1\"}"
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(reg.status).as(reg.text()).isEqualTo(200);
        String key = reg.json().path("key").asString();
        assertThat(reg.json().path("name").asString()).isEqualTo("vm.tmux"); // the client keeps it as its stream
        String[] auth = {"X-Solstone-Observer", key, "Authorization", "Bearer " + key};

        Wire status = send("POST", "/app/observer/ingest/event", "application/json", ("{\"tract\": \"observe\","
                + " \"event\": \"status\", \"host\": \"vm\", \"platform\": \"linux\", \"name\": \"vm.tmux\","
                + " \"stream_type\": \"tmux\", \"version\": \"0.3.1\", \"uptime\": 5, \"last_successful_sync\": null,"
                + " \"pending_queue_depth\": 0, \"recent_error_count\": 0, \"last_error_reason\": null}")
                .getBytes(StandardCharsets.UTF_8), auth);
        assertThat(status.status).as(status.text()).isEqualTo(200);
        Message relayed = events("status").getFirst();
        assertThat(relayed.string("observer")).hasValue("vm.tmux");
        assertThat(relayed.string("version")).hasValue("0.3.1");
        assertThat(relayed.get("last_successful_sync").orElseThrow().isNull()).isTrue();
        assertThat(server.ingest.latestStatus().get(key.substring(0, 8))).containsEntry("stream_type", "tmux");

        assertThat(syncCheck("/app/observer/ingest/segments/" + DAY, auth)).isEmpty();

        byte[] upload = requestsMultipart("ffe9c8480d18ec2c44f1cb9616e88fc5", false);
        Wire first = send("POST", "/app/observer/ingest",
                "multipart/form-data; boundary=ffe9c8480d18ec2c44f1cb9616e88fc5", upload, auth);
        assertThat(first.status).as(first.text()).isEqualTo(200);
        assertThat(first.json().path("status").asString()).isEqualTo("ok");
        assertThat(Files.readString(dir.resolve(DAY).resolve(SEGMENT).resolve("tmux_work_screen.jsonl")))
                .isEqualTo(FRAME);
        Message observing = events("observing").getFirst();
        assertThat(observing.string("observer")).hasValue("vm.tmux");
        assertThat(observing.string("stream")).hasValue("vm.tmux"); // no meta on the wire: the observer's name

        // the answer was lost on the way back: the client sends the same request again, seconds later
        Wire again = send("POST", "/app/observer/ingest",
                "multipart/form-data; boundary=0b3f1e5c7a9d2468ace013579bdf8642", requestsMultipart(
                        "0b3f1e5c7a9d2468ace013579bdf8642", false), auth);
        assertThat(again.status).as(again.text()).isEqualTo(200);
        assertThat(again.json().path("status").asString()).isEqualTo("duplicate"); // the client: delivered
        assertThat(again.json().path("existing_segment").asString()).isEqualTo(SEGMENT);
        assertThat(events("observing")).hasSize(1);
        assertThat(uploadsInHistory(key)).containsExactly(SEGMENT);

        // a restarted observer asks first and skips every key (or original_key) the answer names
        assertThat(syncCheck("/app/observer/ingest/segments/" + DAY, auth)).containsExactly(SEGMENT);

        server.ingest.revoke(key.substring(0, 8)).orElseThrow();
        Wire refused = send("POST", "/app/observer/ingest/event", "application/json",
                "{\"tract\": \"observe\", \"event\": \"status\"}".getBytes(StandardCharsets.UTF_8), auth);
        assertThat(refused.status).isEqualTo(403); // the client reads 403 as revoked and stops syncing
    }

    @Test
    void solstoneTmux010SessionWithItsCsrfCookieALostAnswerAndARestartUploadsEachSegmentOnce() throws Exception {
        Wire reg = send("POST", "/app/remote/api/create", "application/json",
                "{\"name\": \"vm.tmux\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(reg.status).as(reg.text()).isEqualTo(200);
        String key = reg.json().path("key").asString();
        // requests.Session keeps any cookie an answer set and sends it with every later request
        String[] cookie = reg.cookie().map(c -> new String[] {"Cookie", c}).orElse(new String[0]);
        String base = "/app/remote/ingest/" + key;

        Wire status = send("POST", base + "/event", "application/json", ("{\"tract\": \"observe\", \"event\":"
                + " \"status\", \"mode\": \"tmux\", \"tmux\": {\"capturing\": true, \"captures\": 1, \"sessions\":"
                + " [\"work\"], \"window_elapsed_seconds\": 1}, \"host\": \"vm\", \"platform\": \"linux\", \"stream\":"
                + " \"vm.tmux\"}").getBytes(StandardCharsets.UTF_8), cookie);
        assertThat(status.status).as(status.text()).isEqualTo(200);
        assertThat(events("status").getFirst().string("remote")).hasValue("vm.tmux");

        String list = base + "/segments/" + DAY + "?stream=vm.tmux";
        assertThat(syncCheck(list, cookie)).isEmpty();
        for (String boundary : List.of("b0fac7214bca037d2ee6c8d8136fec03", "5d1c0a2e9f7b4c3d8e6f1a2b3c4d5e6f")) {
            Wire up = send("POST", base, "multipart/form-data; boundary=" + boundary,
                    requestsMultipart(boundary, true), cookie);
            assertThat(up.status).as(up.text()).isEqualTo(200);
            assertThat(up.json().path("status").asString()).isIn("ok", "duplicate");
        }
        assertThat(events("observing")).hasSize(1);
        assertThat(events("observing").getFirst().string("remote")).hasValue("vm.tmux");
        assertThat(uploadsInHistory(key)).containsExactly(SEGMENT);
        assertThat(Files.readString(dir.resolve(DAY).resolve(SEGMENT).resolve("tmux_work_screen.jsonl")))
                .isEqualTo(FRAME);
        assertThat(syncCheck(list, cookie)).containsExactly(SEGMENT);

        server.ingest.revoke(key.substring(0, 8)).orElseThrow();
        Wire refused = send("POST", base, "multipart/form-data; boundary=b0fac7214bca037d2ee6c8d8136fec03",
                requestsMultipart("b0fac7214bca037d2ee6c8d8136fec03", true), cookie);
        assertThat(refused.status).isEqualTo(403);
        assertThat(refused.json().path("error").asString()).isEqualTo("Remote revoked");
    }

    @Test
    void solstoneLinux043UploadsAreStoredARetryIsADuplicateAndItsV2SyncCheckProvesEachFile() throws Exception {
        // solstone-linux 0.4.3's upload client and sync service as run on the wire (docs/observe.md): Bearer only,
        // no meta, media content types; its sync check sends X-Solstone-Protocol-Version: 2
        Wire reg = send("POST", "/app/observer/register", "application/json", ("{\"platform\": \"linux\","
                + " \"hostname\": \"fedora\", \"stream_type\": \"desktop\", \"version\": \"0.4.3\","
                + " \"label\": \"fedora\"}").getBytes(StandardCharsets.UTF_8));
        assertThat(reg.status).as(reg.text()).isEqualTo(200);
        String key = reg.json().path("key").asString();
        // the client adopts the answer's name as its stream; Engram names it <hostname>.<stream_type> (label unused)
        assertThat(reg.json().path("name").asString()).isEqualTo("fedora.desktop");
        String boundary = "9a8b7c6d5e4f30211203f4e5d6c7b8a9";
        byte[] audio = new byte[3000];
        byte[] video = new byte[5000];
        java.util.Arrays.fill(video, (byte) 7);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"day\"\r\n\r\n" + DAY + "\r\n--"
                + boundary + "\r\nContent-Disposition: form-data; name=\"segment\"\r\n\r\n143000_300\r\n").getBytes(
                StandardCharsets.UTF_8));
        for (Object[] f : List.of(new Object[] {"audio.flac", "audio/flac", audio},
                new Object[] {"center_DP-3_screen.webm", "video/webm", video})) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\""
                    + f[0] + "\"\r\nContent-Type: " + f[1] + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes((byte[]) f[2]);
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        String[] auth = {"Authorization", "Bearer " + key};
        for (String expected : List.of("ok", "duplicate")) {
            Wire up = send("POST", "/app/observer/ingest", "multipart/form-data; boundary=" + boundary,
                    body.toByteArray(), auth);
            assertThat(up.status).as(up.text()).isEqualTo(200);
            assertThat(up.json().path("status").asString()).isEqualTo(expected);
            // the client keeps segment (or existing_segment for a duplicate) as the stored key
            assertThat(up.json().path(expected.equals("ok") ? "segment" : "existing_segment").asString())
                    .isEqualTo("143000_300");
        }
        assertThat(Files.size(dir.resolve(DAY).resolve("143000_300").resolve("center_DP-3_screen.webm")))
                .isEqualTo(5000);
        assertThat(Files.size(dir.resolve(DAY).resolve("143000_300").resolve("audio.flac"))).isEqualTo(3000);
        // version 2 gets the envelope {items, total, protocol_version}; with a bare list the client logs "pre-v2
        // bare array ... cleanup will not delete" and keeps every segment in its cache for good. It holds a segment
        // as delivered only when each local file is listed under its name, present, with the same SHA-256.
        Wire v2 = send("GET", "/app/observer/ingest/segments/" + DAY, null, null, "Authorization", "Bearer " + key,
                "X-Solstone-Protocol-Version", "2");
        assertThat(v2.status).as(v2.text()).isEqualTo(200);
        JsonNode envelope = v2.json();
        assertThat(envelope.isObject()).as(v2.text()).isTrue();
        assertThat(envelope.path("protocol_version").asInt()).isEqualTo(2);
        assertThat(envelope.path("total").asInt()).isEqualTo(1);
        JsonNode item = envelope.path("items").get(0);
        assertThat(item.path("key").asString()).isEqualTo("143000_300");
        java.util.Map<String, String> proof = new java.util.HashMap<>();
        for (JsonNode f : item.path("files")) {
            assertThat(f.path("status").asString()).isEqualTo("present");
            proof.put(f.has("submitted_name") ? f.path("submitted_name").asString() : f.path("name").asString(),
                    f.path("sha256").asString());
        }
        assertThat(proof).containsOnly(java.util.Map.entry("audio.flac", sha256(audio)),
                java.util.Map.entry("center_DP-3_screen.webm", sha256(video)));
        // without the header (solstone-tmux 0.3.1) the answer stays the bare list
        assertThat(syncCheck("/app/observer/ingest/segments/" + DAY, "Authorization", "Bearer " + key))
                .containsExactly("143000_300");
    }

    private static String sha256(byte[] data) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
    }

    /** The multipart body python-requests builds for the observer's upload: day, segment, [meta], then the file. */
    private static byte[] requestsMultipart(String boundary, boolean withMeta) {
        StringBuilder b = new StringBuilder();
        b.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"day\"\r\n\r\n")
                .append(DAY).append("\r\n");
        b.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"segment\"\r\n\r\n")
                .append(SEGMENT).append("\r\n");
        if (withMeta) {
            b.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"meta\"\r\n\r\n")
                    .append("{\"stream\": \"vm.tmux\"}\r\n");
        }
        b.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"files\";"
                + " filename=\"tmux_work_screen.jsonl\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .append(FRAME).append("\r\n");
        b.append("--").append(boundary).append("--\r\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The keys a client would skip: every {@code key} and {@code original_key} of the sync check's answer. */
    private Set<String> syncCheck(String path, String... headers) throws Exception {
        Wire w = send("GET", path, null, null, headers);
        assertThat(w.status).as(w.text()).isEqualTo(200);
        Set<String> keys = new HashSet<>();
        for (JsonNode seg : w.json()) {
            keys.add(seg.path("key").asString());
            if (seg.has("original_key")) {
                keys.add(seg.path("original_key").asString());
            }
        }
        return keys;
    }

    private List<String> uploadsInHistory(String key) throws IOException {
        Path hist = dir.resolve("apps/observers/observers/" + key.substring(0, 8) + "/hist/" + DAY + ".jsonl");
        return Files.readAllLines(hist).stream().map(JSON::readTree).filter(n -> n.has("files"))
                .map(n -> n.path("segment").asString()).toList();
    }

    private List<Message> events(String event) {
        return server.events.stream().filter(m -> m.tract().equals("observe") && m.event().equals(event)).toList();
    }

    /** One request with the headers python-requests 2.x sends; a gzip answer is decoded as the client would. */
    private Wire send(String method, String path, String contentType, byte[] body, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url + path)).timeout(Duration.ofSeconds(20))
                .header("User-Agent", "python-requests/2.34.2").header("Accept-Encoding", "gzip, deflate")
                .header("Accept", "*/*");
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        HttpResponse<byte[]> r = server.http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        byte[] data = r.body();
        if (r.headers().firstValue("Content-Encoding").filter("gzip"::equalsIgnoreCase).isPresent()) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                in.transferTo(out);
                data = out.toByteArray();
            }
        }
        return new Wire(r.statusCode(), data, r.headers().allValues("Set-Cookie"));
    }

    private record Wire(int status, byte[] body, List<String> setCookies) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            return JSON.readTree(text());
        }

        java.util.Optional<String> cookie() {
            List<String> pairs = setCookies.stream().map(c -> c.split(";", 2)[0]).toList();
            return pairs.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(String.join("; ", pairs));
        }
    }
}
