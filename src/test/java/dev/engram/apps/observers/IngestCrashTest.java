package dev.engram.apps.observers;

import dev.engram.testing.ChildJvm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.journal.Journal;
import dev.engram.testing.SpawnsProcesses;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import tools.jackson.databind.json.JsonMapper;

/**
 * A child JVM serving ingest ({@link IngestCrashServer}) is killed with SIGKILL while two clients upload and a third
 * upload is provably mid-body: its client sent half of a large file and stalls, and the server has already streamed
 * part of it into a staging file. Every upload that was answered 200 is in its segment folder, whole (its sha256 is
 * the one sent and the one in its history line); no segment folder holds a partial or unexpected file, the stalled
 * upload's segment does not exist; the start's recovery ({@code Journal.recover}, the first thing boot runs) removes
 * the partial staging file the killed process left.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "Process.destroyForcibly sends SIGKILL on Linux")
@SpawnsProcesses
@Isolated("its child JVM is killed at a random moment")
class IngestCrashTest {
    static final String DAY = "20261130";
    @TempDir
    Path tmp;
    private final long seed = System.nanoTime();
    private final Random random = new Random(seed);

    static byte[] content(int seq, int file) {
        Random r = new Random(seq * 31L + file);
        byte[] b = new byte[1 + r.nextInt(300 << 10)];
        r.nextBytes(b);
        return b;
    }

    /** The stalled upload: a segment the two clients never reach, and a file big enough to stop half-way in. */
    static final String STALLED_SEGMENT = "230000_1";
    static final String STALLED_FILE = "stalled_audio.flac";
    static final int STALLED_SIZE = 4 << 20;

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    /** Partial copies of the stalled file in the journal's staging folder (path and size). */
    static Map<Path, Long> stagedPartials(Path root) throws Exception {
        Map<Path, Long> found = new TreeMap<>();
        Path staging = root.resolve(".staging");
        if (!Files.isDirectory(staging)) {
            return found;
        }
        try (Stream<Path> s = Files.walk(staging)) {
            for (Path f : s.filter(x -> x.getFileName().toString().equals(STALLED_FILE)).toList()) {
                found.put(f, Files.size(f));
            }
        } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException e) {
            return Map.of(); // another upload's staging folder went away while walking: look again
        }
        return found;
    }

    /**
     * Starts an upload over a raw socket that declares the whole body but sends only its first half (the fields
     * and half of {@link #STALLED_FILE}), then keeps the connection open without sending more.
     */
    static Socket stalledUpload(String url, String key) throws Exception {
        byte[] big = new byte[STALLED_SIZE];
        new Random(42).nextBytes(big);
        Multipart m = new Multipart().field("day", DAY).field("segment", STALLED_SEGMENT).file(STALLED_FILE, big);
        byte[] body = m.body();
        URI u = URI.create(url);
        Socket socket = new Socket(u.getHost(), u.getPort());
        OutputStream out = socket.getOutputStream();
        out.write(("POST /app/observer/ingest HTTP/1.1\r\nHost: " + u.getHost() + ":" + u.getPort()
                + "\r\nAuthorization: Bearer " + key + "\r\nContent-Type: " + m.contentType()
                + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body, 0, body.length / 2);
        out.flush();
        return socket;
    }

    static String segment(int seq) {
        return String.format("%02d%02d%02d_1", seq / 3600, seq / 60 % 60, seq % 60);
    }

    @Test
    void aKillLosesNoAnsweredUploadAndLeavesNoPartialFileInASegment() throws Exception {
        Path root = tmp.resolve("journal");
        String java = ChildJvm.java();
        Process p = ChildJvm.lean(new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                IngestCrashServer.class.getName(), root.toString()))
                .redirectError(tmp.resolve("child.err").toFile()).start();
        Map<Integer, String> answered = new ConcurrentHashMap<>();
        Socket stalled = null;
        Map<Path, Long> partialAtKill;
        AtomicBoolean go = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String url = out.readLine().substring(4);
            String key = out.readLine().substring(4);
            stalled = stalledUpload(url, key);
            for (int c = 0; c < 2; c++) {
                int client = c;
                pool.submit(() -> {
                    for (int seq = 1 + client; go.get(); seq += 2) {
                        Multipart m = new Multipart().field("day", DAY).field("segment", segment(seq))
                                .file("audio.flac", content(seq, 0)).file("screen.jsonl", content(seq, 1));
                        try {
                            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url
                                    + "/app/observer/ingest")).header("Content-Type", m.contentType())
                                    .header("Authorization", "Bearer " + key)
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(m.body())).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 200) {
                                answered.put(seq, JsonMapper.builder().build().readTree(r.body()).path("segment")
                                        .asString());
                            }
                        } catch (Exception e) {
                            return null; // the server is gone
                        }
                    }
                    return null;
                });
            }
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(800 + random.nextInt(1500));
            // kill only once the stalled upload is mid-body: part of its file is on the server's disk, in staging
            while (System.nanoTime() < until || answered.size() < 3 || stagedPartials(root).isEmpty()
                    || stagedPartials(root).values().iterator().next() == 0) {
                Thread.sleep(20);
                assertThat(p.isAlive()).as("child alive (stderr in %s)", tmp).isTrue();
                assertThat(System.nanoTime() - until).as("the stalled upload reached staging within 30 s")
                        .isLessThan(TimeUnit.SECONDS.toNanos(30));
            }
        } finally {
            p.destroyForcibly();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            partialAtKill = stagedPartials(root);
            if (stalled != null) {
                stalled.close();
            }
            go.set(false);
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(p.exitValue()).isEqualTo(137);
        // the kill landed mid-upload: the stalled file is in staging, partial (some bytes, not all), and nowhere else
        assertThat(partialAtKill).as("the stalled upload's staging file after the kill (seed %d)", seed).hasSize(1);
        Path partial = partialAtKill.keySet().iterator().next();
        assertThat(partialAtKill.get(partial)).isPositive().isLessThan(STALLED_SIZE);
        assertThat(root.resolve(DAY).resolve(STALLED_SEGMENT)).as("the stalled upload's segment").doesNotExist();

        for (Map.Entry<Integer, String> e : answered.entrySet()) {
            assertThat(e.getValue()).isEqualTo(segment(e.getKey()));
            Path seg = root.resolve(DAY).resolve(e.getValue());
            assertThat(Files.readAllBytes(seg.resolve("audio.flac"))).as("answered %s (seed %d)", seg, seed)
                    .isEqualTo(content(e.getKey(), 0));
            assertThat(Files.readAllBytes(seg.resolve("screen.jsonl"))).isEqualTo(content(e.getKey(), 1));
        }
        int segments = 0;
        try (Stream<Path> s = Files.list(root.resolve(DAY))) {
            for (Path seg : s.toList()) {
                String name = seg.getFileName().toString();
                int h = Integer.parseInt(name.substring(0, 2));
                int seq = h * 3600 + Integer.parseInt(name.substring(2, 4)) * 60 + Integer.parseInt(name.substring(4, 6));
                try (Stream<Path> files = Files.list(seg)) {
                    assertThat(files.map(f -> f.getFileName().toString()).sorted().toList())
                            .as("segment %s holds exactly its files and its stream.json (seed %d)", name, seed)
                            .isEqualTo(List.of("audio.flac", "screen.jsonl", "stream.json"));
                }
                assertThat(Files.readAllBytes(seg.resolve("audio.flac"))).isEqualTo(content(seq, 0));
                assertThat(Files.readAllBytes(seg.resolve("screen.jsonl"))).isEqualTo(content(seq, 1));
                segments++;
            }
        }
        String prefixDir;
        try (Stream<Path> s = Files.list(root.resolve("apps/observers/observers"))) {
            prefixDir = s.filter(Files::isDirectory).findFirst().orElseThrow().getFileName().toString();
        }
        String history = Files.readString(root.resolve("apps/observers/observers/" + prefixDir + "/hist/" + DAY
                + ".jsonl"));
        for (Map.Entry<Integer, String> e : answered.entrySet()) {
            String seg = e.getValue();
            assertThat(history).as("history of answered %s (seed %d)", seg, seed).contains("\"segment\":\"" + seg + "\"");
            // intact: what is on disk hashes to what was sent, and to what the history line recorded at the 200
            String audioSha = sha256(content(e.getKey(), 0));
            String screenSha = sha256(content(e.getKey(), 1));
            Path dir = root.resolve(DAY).resolve(seg);
            assertThat(sha256(Files.readAllBytes(dir.resolve("audio.flac")))).isEqualTo(audioSha);
            assertThat(sha256(Files.readAllBytes(dir.resolve("screen.jsonl")))).isEqualTo(screenSha);
            assertThat(history).contains("\"sha256\":\"" + audioSha + "\"").contains("\"sha256\":\"" + screenSha + "\"");
        }
        // what a start does first (boot's recover): the killed process's staging, the partial file with it, is removed
        var recovery = Journal.open(root).recover();
        assertThat(recovery.files()).as("leftovers removed at start").isPositive();
        assertThat(partial).as("the partial upload after recovery").doesNotExist();
        assertThat(stagedPartials(root)).isEmpty();
        assertThat(Journal.open(root).recover().nothingRemoved()).isTrue();
        System.out.printf("IngestCrashTest: %d answered, %d segments on disk, killed with %d of %d bytes of the stalled"
                + " file staged, %d leftover files cleaned (seed %d)%n", answered.size(), segments,
                partialAtKill.get(partial), STALLED_SIZE, recovery.files(), seed);
    }
}
