package dev.engram.apps.observers;

import dev.engram.testing.ChildJvm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.journal.Journal;
import dev.engram.testing.SpawnsProcesses;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
 * A child JVM serving ingest ({@link IngestCrashServer}) is killed with SIGKILL while two clients upload. Every upload
 * that was answered 200 is in its segment folder, whole, with its history line; no segment folder holds a partial or
 * unexpected file; the next start's recovery removes what the killed process left in staging.
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
        AtomicBoolean go = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String url = out.readLine().substring(4);
            String key = out.readLine().substring(4);
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
            while (System.nanoTime() < until || answered.size() < 3) {
                Thread.sleep(20);
                assertThat(p.isAlive()).as("child alive (stderr in %s)", tmp).isTrue();
            }
        } finally {
            p.destroyForcibly();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            go.set(false);
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(p.exitValue()).isEqualTo(137);

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
        for (String seg : answered.values()) {
            assertThat(history).as("history of answered %s (seed %d)", seg, seed).contains("\"segment\":\"" + seg + "\"");
        }
        var recovery = Journal.open(root).recover();
        assertThat(Journal.open(root).recover().nothingRemoved()).isTrue();
        System.out.printf("IngestCrashTest: %d answered, %d segments on disk, %d leftover files cleaned (seed %d)%n",
                answered.size(), segments, recovery.files(), seed);
    }
}
