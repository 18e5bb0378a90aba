package dev.engram.apps.observers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.callosum.Emitter;
import dev.engram.observe.api.Observer;
import dev.engram.observe.ingest.IngestService;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A solstone journal's observers keep working: the key records solstone wrote ({@code apps/remote/remotes/} at SEED,
 * {@code apps/observer/observers/} after its migration, keys in plain text) are taken at start, over real HTTP with
 * both protocols; revoked stays revoked, a record without a key is skipped, solstone's files are left as they were,
 * Engram's own records hold no key, and a later start neither repeats nor undoes the owner's changes.
 */
class SolstoneObserversTest {
    static final String SEED_KEY = "Lp0AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_ab";
    static final String LATER_KEY = "Dk7ZyXwVuTsRqPoNmLkJiHgFeDcBa9876543210_-xy";
    static final String REVOKED_KEY = "Rv1QwErTyUiOpAsDfGhJkLzXcVbNm1234567890-_zz";

    @TempDir
    Path dir;
    IngestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static void write(Path file, String json) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, json);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** What solstone left: two live observers, a revoked one, a migrated copy and a certificate record. */
    private static void solstoneRecords(dev.engram.journal.Journal journal) {
        Path apps = journal.root().resolve("apps");
        write(apps.resolve("remote/remotes/" + SEED_KEY.substring(0, 8) + ".json"), "{\"key\": \"" + SEED_KEY
                + "\", \"name\": \"laptop\", \"created_at\": 1732000000, \"last_seen\": 1732000500, \"enabled\": true,"
                + " \"revoked\": false, \"stats\": {\"segments_received\": 4, \"bytes_received\": 900}}");
        // the migration's copy of the same observer: taken once (the newer place's name, the older's times)
        write(apps.resolve("observer/observers/" + SEED_KEY.substring(0, 8) + ".json"), "{\"key\": \"" + SEED_KEY
                + "\", \"name\": \"laptop\", \"enabled\": true}");
        write(apps.resolve("observer/observers/" + LATER_KEY.substring(0, 8) + ".json"), "{\"key\": \"" + LATER_KEY
                + "\", \"name\": \"desk.tmux\", \"created_at\": 1732000000123, \"enabled\": true, \"revoked\": false}");
        write(apps.resolve("observer/observers/" + REVOKED_KEY.substring(0, 8) + ".json"), "{\"key\": \""
                + REVOKED_KEY + "\", \"name\": \"old phone\", \"enabled\": true, \"revoked\": true,"
                + " \"revoked_at\": 1732000900, \"last_seen\": 1732000800}");
        // what each delivered to solstone: the upload history beside the record, the segment in the day
        write(apps.resolve("remote/remotes/" + SEED_KEY.substring(0, 8) + "/hist/20261130.jsonl"), historyLine(
                "090000_300", "tmux_a_screen.jsonl", SOLSTONE_A));
        write(apps.resolve("observer/observers/" + LATER_KEY.substring(0, 8) + "/hist/20261130.jsonl"), historyLine(
                "091000_300", "tmux_b_screen.jsonl", SOLSTONE_B));
        write(journal.root().resolve("20261130/090000_300/tmux_a_screen.jsonl"), SOLSTONE_A);
        write(journal.root().resolve("20261130/091000_300/tmux_b_screen.jsonl"), SOLSTONE_B);
        write(apps.resolve("observer/observers/0123abcd0123abcd.json"), "{\"name\": \"paired\","
                + " \"fingerprint\": \"sha256:0123abcd0123abcd\"}");
        write(apps.resolve("observer/observers/notjson1.json"), "{\"key\": ");
    }

    static final String SOLSTONE_A = "{\"frame_id\": 1, \"text\": \"delivered to solstone\"}\n";
    static final String SOLSTONE_B = "{\"frame_id\": 2, \"text\": \"also delivered to solstone\"}\n";

    private static String historyLine(String segment, String name, String content) {
        return "{\"ts\": 1764493200000, \"segment\": \"" + segment + "\", \"files\": [{\"submitted\": \"" + name
                + "\", \"written\": \"" + name + "\", \"inode\": 1, \"size\": " + content.length()
                + ", \"sha256\": \"" + sha256(content) + "\"}]}\n";
    }

    private static String sha256(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> hashes(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (String sub : List.of("apps/remote", "apps/observer")) {
            try (Stream<Path> s = Files.walk(root.resolve(sub))) {
                for (Path f : s.filter(Files::isRegularFile).toList()) {
                    out.put(root.relativize(f).toString(), java.util.HexFormat.of().formatHex(java.security
                            .MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))) + " "
                            + Files.getLastModifiedTime(f).toMillis());
                }
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    @Test
    void oddRecordsAreNamedWarningsThatNeverStopTheStartAndARevokeInEitherRecordHolds() throws Exception {
        Path outside = Files.createTempDirectory(dir.getParent(), "outside-");
        Path secret = outside.resolve("record.json");
        Files.writeString(secret, "{\"key\": \"" + SEED_KEY + "\", \"name\": \"outside\"}");
        server = new IngestServer(dir, IngestService.WALK_ATTEMPTS, j -> {
            Path apps = j.root().resolve("apps");
            try {
                Files.createDirectories(apps.resolve("remote/remotes"));
                Files.createDirectories(apps.resolve("observer/observers"));
                // a record that leads out of the journal, and one that leads nowhere
                Files.createSymbolicLink(apps.resolve("remote/remotes/" + SEED_KEY.substring(0, 8) + ".json"), secret);
                Files.createSymbolicLink(apps.resolve("remote/remotes/Zz9dangl.json"), outside.resolve("gone.json"));
                // revoked in the older record only, a name with a line break and a direction override, times to come
                write(apps.resolve("observer/observers/" + LATER_KEY.substring(0, 8) + ".json"), "{\"key\": \""
                        + LATER_KEY + "\", \"name\": \"desk\\nevil\\u202e\", \"enabled\": true, \"last_seen\": 1e300,"
                        + " \"created_at\": 99999999999999}");
                write(apps.resolve("remote/remotes/" + LATER_KEY.substring(0, 8) + ".json"), "{\"key\": \""
                        + LATER_KEY + "\", \"name\": \"desk\", \"revoked\": true, \"revoked_at\": 1732000900}");
                // a day of history that leads out of the journal: that day is skipped, the observer still taken
                write(apps.resolve("observer/observers/" + REVOKED_KEY.substring(0, 8) + ".json"), "{\"key\": \""
                        + REVOKED_KEY + "\", \"name\": \"phone\"}");
                Files.createDirectories(apps.resolve("observer/observers/" + REVOKED_KEY.substring(0, 8) + "/hist"));
                Files.createSymbolicLink(apps.resolve("observer/observers/" + REVOKED_KEY.substring(0, 8)
                        + "/hist/20261130.jsonl"), secret);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        List<Observer> list = server.ingest.list();
        assertThat(list).extracting(Observer::prefix).containsExactlyInAnyOrder(LATER_KEY.substring(0, 8),
                REVOKED_KEY.substring(0, 8));
        Observer desk = server.ingest.find(LATER_KEY.substring(0, 8)).orElseThrow();
        assertThat(desk.revoked()).as("revoked in the older record").isTrue();
        assertThat(desk.name()).as("a name no owner could give").isEqualTo(LATER_KEY.substring(0, 8));
        assertThat(desk.lastSeen()).as("a time to come is no time").isZero();
        assertThat(desk.createdAt()).isLessThanOrEqualTo(System.currentTimeMillis());
        HttpResponse<String> phone = server.post("/app/observer/ingest", new Multipart().field("day", "20261201")
                .field("segment", "100000_300").file("tmux_p_screen.jsonl", "{\"x\":1}\n"),
                "Authorization", "Bearer " + REVOKED_KEY);
        assertThat(phone.statusCode()).as(phone.body()).isEqualTo(200);
        HttpResponse<String> outsider = server.post("/app/remote/ingest/" + SEED_KEY, new Multipart()
                .field("day", "20261201").field("segment", "100500_300").file("a.jsonl", "{\"x\":2}\n"));
        assertThat(outsider.statusCode()).isEqualTo(401);
        assertThat(IngestService.solstoneKeyFiles(server.journal)).containsExactlyInAnyOrder(
                "apps/observer/observers/" + LATER_KEY.substring(0, 8) + ".json",
                "apps/observer/observers/" + REVOKED_KEY.substring(0, 8) + ".json",
                "apps/remote/remotes/" + LATER_KEY.substring(0, 8) + ".json");
        assertThat(Files.readString(secret)).contains("outside");
    }

    @Test
    void observersSetUpUnderSolstoneUploadWithTheirKeysOverBothProtocols() throws Exception {
        List<Map<String, String>> before = new java.util.ArrayList<>();
        server = new IngestServer(dir, IngestService.WALK_ATTEMPTS, j -> {
            solstoneRecords(j);
            try {
                before.add(hashes(j.root()));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        HttpResponse<String> seed = server.post("/app/remote/ingest/" + SEED_KEY, new Multipart()
                .field("day", "20261201").field("segment", "100000_300").file("tmux_a_screen.jsonl", "{\"x\":1}\n"));
        assertThat(seed.statusCode()).as(seed.body()).isEqualTo(200);
        HttpResponse<String> later = server.post("/app/observer/ingest", new Multipart().field("day", "20261201")
                .field("segment", "100500_300").file("tmux_b_screen.jsonl", "{\"x\":2}\n"),
                "Authorization", "Bearer " + LATER_KEY);
        assertThat(later.statusCode()).as(later.body()).isEqualTo(200);
        assertThat(Files.exists(dir.resolve("20261201/100000_300/tmux_a_screen.jsonl"))).isTrue();
        assertThat(Files.exists(dir.resolve("20261201/100500_300/tmux_b_screen.jsonl"))).isTrue();

        // what they delivered to solstone: listed by the sync check, and not taken again
        HttpResponse<String> sync = server.get("/app/remote/ingest/" + SEED_KEY + "/segments/20261130");
        assertThat(sync.statusCode()).as(sync.body()).isEqualTo(200);
        assertThat(sync.body()).contains("\"key\":\"090000_300\"", "\"status\":\"present\"", sha256(SOLSTONE_A));
        HttpResponse<String> again = server.post("/app/observer/ingest", new Multipart().field("day", "20261130")
                .field("segment", "091000_300").file("tmux_b_screen.jsonl", SOLSTONE_B),
                "Authorization", "Bearer " + LATER_KEY);
        assertThat(again.body()).contains("\"status\":\"duplicate\"", "091000_300");
        assertThat(Files.exists(dir.resolve("20261130/091001_300"))).isFalse();

        HttpResponse<String> revoked = server.post("/app/observer/ingest", new Multipart().field("day", "20261201")
                .field("segment", "101000_300").file("tmux_c_screen.jsonl", "{\"x\":3}\n"),
                "Authorization", "Bearer " + REVOKED_KEY);
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(403);
        assertThat(revoked.body()).contains("pl_revoked");

        List<Observer> list = server.ingest.list();
        assertThat(list).extracting(Observer::name).containsExactlyInAnyOrder("laptop", "desk.tmux", "old phone");
        Observer laptop = list.stream().filter(o -> o.name().equals("laptop")).findFirst().orElseThrow();
        assertThat(laptop.createdAt()).isEqualTo(1_732_000_000_000L);
        assertThat(laptop.segmentsReceived()).as("solstone's upload and Engram's").isEqualTo(2);
        assertThat(list.stream().filter(o -> o.name().equals("desk.tmux")).findFirst().orElseThrow().createdAt())
                .isEqualTo(1_732_000_000_123L);
        assertThat(list.stream().filter(o -> o.name().equals("old phone")).findFirst().orElseThrow().revokedAt())
                .isEqualTo(1_732_000_900_000L);

        // solstone's files as they were; Engram's own records never hold a key
        assertThat(hashes(dir)).isEqualTo(before.getFirst());
        try (Stream<Path> s = Files.walk(dir.resolve("apps/observers"))) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(f)).doesNotContain(SEED_KEY, LATER_KEY, REVOKED_KEY);
            }
        }

        // when solstone last saw it, kept until Engram sees it (the list says "seen ... ago", not "never seen")
        assertThat(list.stream().filter(o -> o.name().equals("old phone")).findFirst().orElseThrow().lastSeen())
                .isEqualTo(1_732_000_800_000L);

        // the owner revokes one; a later start takes nothing again and keeps the revoke
        server.ingest.revoke(SEED_KEY.substring(0, 8));
        IngestService next = new IngestService(server.journal, Emitter.none());
        assertThat(next.list()).hasSize(3);
        assertThat(next.check(SEED_KEY).status()).isEqualTo(dev.engram.observe.api.KeyCheck.Status.REVOKED);
        assertThat(next.check(LATER_KEY).status()).isEqualTo(dev.engram.observe.api.KeyCheck.Status.OK);
    }
}
