package dev.engram.apps.observers;

import static dev.engram.apps.observers.IngestProtocolTest.DAY;
import static dev.engram.apps.observers.IngestProtocolTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** Every refused ingest request gets the reference's error and writes nothing; limits; concurrency without 401s. */
class IngestErrorsTest {
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

    private void refused(HttpResponse<String> r, int status, String error, String reason) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(json(r).path("error").asString()).isEqualTo(error);
        assertThat(json(r).path("reason_code").asString()).isEqualTo(reason);
        assertThat(json(r).path("detail").asString()).isNotBlank();
        assertThat(r.body()).doesNotContain(key);
    }

    private void nothingWritten() throws Exception {
        assertThat(dir.resolve(DAY)).doesNotExist();
        Path staging = dir.resolve(".staging");
        if (Files.exists(staging)) {
            try (Stream<Path> s = Files.walk(staging)) {
                assertThat(s.filter(Files::isRegularFile)).isEmpty();
            }
        }
        assertThat(server.events).isEmpty();
    }

    private HttpResponse<String> seed(Multipart m) {
        return server.post("/app/remote/ingest/" + key, m);
    }

    private HttpResponse<String> later(Multipart m) {
        return server.post("/app/observer/ingest", m, "Authorization", "Bearer " + key);
    }

    @Test
    void badFormsGetTheReferenceErrorsOnBothProtocols() throws Exception {
        for (boolean seedProtocol : new boolean[] {true, false}) {
            java.util.function.Function<Multipart, HttpResponse<String>> send = seedProtocol ? this::seed : this::later;
            refused(send.apply(new Multipart().field("day", DAY).file("a.flac", "x")), 400, "Missing segment",
                    "missing_required_field");
            refused(send.apply(new Multipart().field("segment", "120000_300").file("a.flac", "x")), 400,
                    "Missing day", "missing_required_field");
            refused(send.apply(new Multipart().field("day", DAY).field("segment", "12000_300").file("a.flac", "x")),
                    400, "Invalid segment format", "invalid_segment_or_stream");
            refused(send.apply(new Multipart().field("day", DAY).field("segment", "250000_300").file("a.flac", "x")),
                    400, "Invalid segment format", "invalid_segment_or_stream");
            refused(send.apply(new Multipart().field("day", DAY).field("segment", "130000_0").file("a.flac", "x")),
                    400, "Invalid segment format", "invalid_segment_or_stream"); // a length of 0 s
            refused(send.apply(new Multipart().field("day", "2026-11-30").field("segment", "120000_300")
                    .file("a.flac", "x")), 400, "Invalid day format", "invalid_day");
            refused(send.apply(new Multipart().field("day", "20261331").field("segment", "120000_300")
                    .file("a.flac", "x")), 400, "Invalid day format", "invalid_day");
            refused(send.apply(new Multipart().field("day", DAY).field("segment", "120000_300")), 400,
                    "No files uploaded", "ingest_no_files");
            refused(send.apply(new Multipart().field("day", DAY).field("segment", "120000_300")
                    .file("a.flac", new byte[0]).file("b.jsonl", new byte[0])), 400, "No valid files saved",
                    "ingest_no_files");
            for (String bad : List.of("../../etc/passwd", "..", "a/b.flac", "..\\x.flac", ".hidden", "a\u0001.flac",
                    "a\u0085.flac", "é".repeat(130) + ".flac")) { // a C1 control; over 255 UTF-8 bytes (was a 500)
                refused(send.apply(new Multipart().field("day", DAY).field("segment", "120000_300")
                        .file("ok.flac", "fine").file(bad, "evil")), 400, "Invalid file name", "invalid_filename");
            }
        }
        // not multipart at all
        refused(server.postJson("/app/observer/ingest", "{\"day\":\"" + DAY + "\"}", "Authorization",
                "Bearer " + key), 400, "Missing segment", "missing_required_field");
        // a body cut before its closing boundary
        Multipart form = new Multipart().field("day", DAY).field("segment", "120000_300").file("a.flac", "abcdef");
        byte[] whole = form.body();
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 30);
        HttpResponse<String> r = server.send(HttpRequest.newBuilder(URI.create(server.url + "/app/observer/ingest"))
                .header("Content-Type", form.contentType()).header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofByteArray(cut)));
        refused(r, 400, "Malformed multipart body", "invalid_multipart");
        // a form field over its limit is a size limit, like a file's: 413
        HttpResponse<String> longMeta = later(new Multipart().field("day", DAY).field("segment", "120000_300")
                .field("meta", "{\"x\":\"" + "m".repeat(70_000) + "\"}").file("a.flac", "abc"));
        refused(longMeta, 413, "Field too large", "payload_too_large");
        assertThat(json(longMeta).path("detail").asString()).contains("form field 'meta' is longer than");
        refused(server.postJson("/app/remote/ingest/" + key + "/event", "{\"tract\":\"observe\"}"), 400,
                "Missing tract or event", "missing_required_field");
        nothingWritten();
    }

    @Test
    void keysAreCheckedRevokedAndDisabledAtOnce() throws Exception {
        Multipart m = new Multipart().field("day", DAY).field("segment", "120000_300").file("a.flac", "x");
        String wrong = "A".repeat(43);
        refused(server.post("/app/remote/ingest/" + wrong, m), 401, "Invalid key", "auth_key_invalid");
        refused(server.post("/app/remote/ingest/" + key.substring(0, 42) + "X", m), 401, "Invalid key",
                "auth_key_invalid");
        refused(server.post("/app/observer/ingest", m), 401, "Authentication required", "auth_required");
        refused(server.post("/app/observer/ingest", m, "Authorization", "Bearer " + wrong), 401, "Invalid key",
                "auth_key_invalid");
        refused(server.get("/app/observer/ingest/segments/" + DAY), 401, "Authentication required", "auth_required");

        server.ingest.setEnabled(key.substring(0, 8), false);
        refused(server.post("/app/remote/ingest/" + key, m), 403, "Remote disabled", "feature_unavailable");
        refused(server.post("/app/observer/ingest", m, "Authorization", "Bearer " + key), 403, "Observer disabled",
                "feature_unavailable");
        server.ingest.setEnabled(key.substring(0, 8), true);
        server.ingest.revoke(key.substring(0, 8));
        refused(server.post("/app/remote/ingest/" + key, m), 403, "Remote revoked", "pl_revoked");
        refused(server.postJson("/app/observer/ingest/event", "{\"tract\":\"a\",\"event\":\"b\"}",
                "X-Solstone-Observer", key), 403, "Observer revoked", "pl_revoked");
        nothingWritten();
    }

    @Test
    void registrationWithoutSessionOnlyFromLoopbackWithoutProxyHeadersAndOnlyWhileAllowed() throws Exception {
        // through a proxy: refused as not local (JSON, the real reason), not as a missing CSRF token, on both routes
        for (String route : List.of("/app/remote/api/create", "/app/observer/register")) {
            refused(server.postJson(route, "{\"name\":\"x\"}", "X-Forwarded-For", "203.0.113.9"), 403,
                    "Without login this is accepted only from this computer (no proxy headers)", "not_local");
        }
        // from a web page of another site (the browser's Origin): refused, with what is allowed
        for (String route : List.of("/app/remote/api/create", "/app/observer/register")) {
            refused(server.postJson(route, "{\"name\":\"x\"}", "Origin", "http://evil.example"), 403,
                    "the request's Origin does not match this server", "csrf_failed");
        }
        // a body that is not JSON: a clear 400 in JSON, without the parser's internals
        for (String route : List.of("/app/remote/api/create", "/app/observer/register")) {
            HttpResponse<String> broken = server.postJson(route, "{");
            refused(broken, 400, "the request body is not valid JSON (line 1, column 2)", "invalid_json");
            assertThat(broken.body()).doesNotContain("Source", "marker", "REDACTED", "Unexpected");
        }
        // an unknown protocol path: a JSON 404, not the HTML error page
        HttpResponse<String> unknown = server.postJson("/app/observer/ingest/x/y", "{}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(json(unknown).path("reason_code").asString()).isEqualTo("not_found");
        assertThat(server.ingest.list()).hasSize(1);
        server.ingest.setLocalRegistration(false);
        refused(server.postJson("/app/observer/register", "{\"hostname\":\"vm\"}"), 403,
                "Registration from localhost is switched off", "registration_disabled");
        refused(server.postJson("/app/remote/api/create", "{\"name\":\"x\"}"), 403,
                "Registration from localhost is switched off", "registration_disabled");
        assertThat(server.ingest.list()).hasSize(1);
        server.ingest.setLocalRegistration(true);
        assertThat(server.postJson("/app/observer/register", "{\"hostname\":\"vm\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void sizeLimitsAnswer413AndKeepNothing() throws Exception {
        server.journal.updateConfig(c -> new dev.engram.journal.JournalConfig(c.identity(), c.convey(), c.extra()
                .with("ingest", java.util.Map.of("max_file_bytes", 1000, "max_request_bytes", 20_000, "max_files", 3))));
        // the service re-reads its limits at most once a second: wait until it has read these (not a fixed sleep)
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> server.ingest.maxRequestBytes() == 20_000);
        refused(later(new Multipart().field("day", DAY).field("segment", "120000_300").file("a.flac",
                new byte[1001])), 413, "File too large", "payload_too_large");
        refused(later(new Multipart().field("day", DAY).field("segment", "120000_300").file("a.flac",
                new byte[900]).file("b.flac", new byte[30_000])), 413, "Upload too large", "payload_too_large");
        for (boolean seedProtocol : new boolean[] {true, false}) { // more files than ingest.max_files
            Multipart four = new Multipart().field("day", DAY).field("segment", "120000_300").file("a.flac", "a")
                    .file("b.flac", "b").file("c.flac", "c").file("d.flac", "d");
            HttpResponse<String> r = seedProtocol ? seed(four) : later(four);
            refused(r, 413, "Too many files", "payload_too_large");
            assertThat(json(r).path("detail").asString()).contains("at most 3 files per upload");
        }
        // a chunked body (no Content-Length) over the request limit
        Multipart big = new Multipart().field("day", DAY).field("segment", "120000_300");
        for (int i = 0; i < 30; i++) {
            big.file("f" + i + ".flac", new byte[999]);
        }
        HttpResponse<String> chunked = server.send(HttpRequest.newBuilder(URI.create(server.url
                + "/app/observer/ingest")).timeout(Duration.ofSeconds(20)).header("Content-Type", big.contentType())
                .header("Authorization", "Bearer " + key).POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(big.body()))));
        refused(chunked, 413, "Upload too large", "payload_too_large");
        // a declared length over the limit is answered at once, without waiting for a body the client has not sent
        // (as a client that sent 'Expect: 100-continue' does): not after the connection's 30 s idle timeout
        URI u = URI.create(server.url);
        try (java.net.Socket s = new java.net.Socket(u.getHost(), u.getPort())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(("POST /app/observer/ingest HTTP/1.1\r\nHost: " + u.getAuthority()
                    + "\r\nAuthorization: Bearer " + key + "\r\nContent-Type: " + big.contentType()
                    + "\r\nContent-Length: 99999999999\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(s.getInputStream().readNBytes(12), java.nio.charset.StandardCharsets.US_ASCII);
            assertThat(answer).isEqualTo("HTTP/1.1 413");
        }
        nothingWritten();
        assertThat(later(new Multipart().field("day", DAY).field("segment", "120000_300").file("a.flac",
                new byte[1000])).statusCode()).isEqualTo(200);
    }

    @Test
    void fourConcurrentClientsNeverGetASpuriousErrorWhileKeysChange() throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            keys.add(server.key("client" + i));
        }
        AtomicBoolean churn = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            Future<?> writer = pool.submit(() -> {
                int n = 0;
                while (churn.get()) { // key records rewritten all the time: create, disable, enable, revoke others
                    String other = server.key("churn" + n++).substring(0, 8);
                    server.ingest.setEnabled(other, false);
                    server.ingest.setEnabled(other, true);
                    server.ingest.setEnabled(keys.get(n % 4).substring(0, 8), true);
                    server.ingest.revoke(other);
                }
                return null;
            });
            List<Future<List<String>>> clients = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                int client = c;
                clients.add(pool.submit(() -> {
                    List<String> errors = new ArrayList<>();
                    for (int i = 0; i < 40; i++) {
                        Multipart m = new Multipart().field("day", DAY)
                                .field("segment", String.format("%02d%04d_5", 10 + client, i))
                                .file("audio.flac", ("c" + client + " u" + i).getBytes())
                                .file("screen.jsonl", ("{\"i\":" + i + "}\n").getBytes());
                        HttpResponse<String> r = client % 2 == 0
                                ? server.post("/app/remote/ingest/" + keys.get(client), m)
                                : server.post("/app/observer/ingest", m, "Authorization", "Bearer " + keys.get(client));
                        if (r.statusCode() != 200 || !json(r).path("status").asString().equals("ok")) {
                            errors.add(r.statusCode() + " " + r.body());
                        }
                    }
                    return errors;
                }));
            }
            for (Future<List<String>> f : clients) {
                assertThat(f.get()).isEmpty();
            }
            churn.set(false);
            writer.get();
        } finally {
            pool.shutdownNow();
        }
        try (Stream<Path> s = Files.list(dir.resolve(DAY))) {
            assertThat(s.count()).isEqualTo(160);
        }
        assertThat(server.events).hasSize(160);
        assertThat(JsonMapper.builder().build().readTree(server.get("/app/remote/ingest/" + keys.get(0)
                + "/segments/" + DAY).body()).size()).isEqualTo(40);
    }
}
