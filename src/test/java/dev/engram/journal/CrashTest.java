package dev.engram.journal;

import dev.engram.testing.ChildJvm;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import dev.engram.testing.Seeds;
import dev.engram.testing.SpawnsProcesses;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import tools.jackson.databind.JsonNode;

/**
 * A child JVM ({@link CrashWriter}) writing through the journal API is killed with SIGKILL at random moments, several
 * times. After each kill every whole-file target is absent or a complete version (its embedded SHA-256 matches), and
 * every appended line is complete except possibly an unterminated last fragment, which readers skip with a warning.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "Process.destroyForcibly sends SIGKILL on Linux")
@SpawnsProcesses
@Isolated("its child JVMs are CPU-bound and killed at random moments; other tests' load would skew when they die")
class CrashTest {
    private static final int KILLS = 6;

    @TempDir
    Path tmp;

    private final long seed = Seeds.fresh("CrashTest");
    private final Random random = new Random(seed);

    /** Starts the writer, waits until it runs, lets it write for a random while, then kills it with SIGKILL. */
    private void runAndKill(Path root, String mode, long firstSeq, int round) throws Exception {
        String java = ChildJvm.java();
        Process p = ChildJvm.lean(new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                CrashWriter.class.getName(), root.toString(), mode, Long.toString(firstSeq)))
                .redirectError(tmp.resolve("child-" + mode + "-" + round + ".err").toFile())
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).as("child output (stderr in %s)", tmp).isEqualTo("started");
            if (round > 0) {
                // Kill at a random moment after the first write; round 0 may kill before anything is written.
                assertThat(out.readLine()).as("child output (stderr in %s)", tmp).isEqualTo("wrote");
            }
            Thread.sleep(random.nextInt(500));
            assertThat(p.isAlive()).as("the writer must still be running when killed (seed %d)", seed).isTrue();
        } finally {
            p.destroyForcibly();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(p.exitValue()).as("killed by SIGKILL").isEqualTo(137);
    }

    /** Kills a writer while the temp file of a whole-file write exists: it is never beside the target, and recover()
     * removes it. A kill that lands just after the rename is retried. */
    @Test
    void aWriteCutShortLeavesItsTempFileWhereRecoverRemovesIt() throws Exception {
        Path root = tmp.resolve("journal");
        Journal.create(root, "Crash Owner");
        Path staging = root.resolve(Staging.DIR);
        long removed = 0;
        for (int round = 0; round < 20 && removed == 0; round++) { // usually the first; under load the write may finish first
            String java = ChildJvm.java();
            Process p = ChildJvm.lean(new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    CrashWriter.class.getName(), root.toString(), "big", "0"))
                    .redirectError(tmp.resolve("child-big-" + round + ".err").toFile()).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                assertThat(out.readLine()).isEqualTo("started");
                String prefix = p.pid() + "-";
                Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(2)).ignoreExceptions()
                        .until(() -> ReaderFailuresTest.tempFiles(root).stream()
                                .anyMatch(n -> n.startsWith(".staging/" + prefix)));
            } finally {
                p.destroyForcibly();
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            Path app = root.resolve("apps").resolve(CrashWriter.APP);
            if (Files.isDirectory(app)) {
                try (Stream<Path> s = Files.list(app)) {
                    assertThat(s.map(f -> f.getFileName().toString()).toList()).allMatch(n -> n.equals("big.txt"));
                }
            }
            Recovery r = Journal.open(root).recover();
            removed += r.files();
            assertThat(ReaderFailuresTest.tempFiles(root)).as("temp files after recover").isEmpty();
            assertThat(StreamingSegmentTest.stagedBytes(staging)).isZero();
        }
        assertThat(removed).as("a kill landed while a temp file existed, and recover() removed it").isPositive();
    }

    @Test
    void wholeFileWritesAreNeverTornOrEmpty() throws Exception {
        Path root = tmp.resolve("journal");
        Journal.create(root, "Crash Owner");
        long[] lastSeq = new long[CrashWriter.FILES];
        long writesSeen = 0;
        long leftoverTemps = 0;
        for (int round = 0; round < KILLS; round++) {
            runAndKill(root, "atomic", round * 1_000_000L, round);
            Path dir = root.resolve("apps").resolve(CrashWriter.APP);
            Journal journal = Journal.open(root);
            for (int i = 0; i < CrashWriter.FILES; i++) {
                String name = "t" + i + ".json";
                Path f = dir.resolve(name);
                if (!Files.exists(f)) {
                    assertThat(lastSeq[i]).as("%s vanished after it was written (seed %d)", name, seed).isZero();
                    continue;
                }
                String text = journal.readAppFile(CrashWriter.APP, name).orElseThrow();
                assertThat(text).as("%s is empty after kill %d (seed %d)", name, round, seed).isNotEmpty();
                JsonNode node = Json.MAPPER.readTree(text);
                String payload = node.get("payload").asString();
                assertThat(payload).hasSize(node.get("len").asInt());
                assertThat(CrashWriter.sha256(payload)).as("%s checksum after kill %d (seed %d)", name, round, seed)
                        .isEqualTo(node.get("sha").asString());
                assertThat(node.get("file").asString()).isEqualTo(name);
                long seq = node.get("seq").asLong();
                assertThat(seq).as("%s never goes back to an older version", name).isGreaterThanOrEqualTo(lastSeq[i]);
                lastSeq[i] = seq;
                writesSeen++;
            }
            // Only the targets are visible: the temp file of a write cut short is in the dead writer's staging folder,
            // never beside its target, and the next start's recover() removes it. (Round 0 may be killed before the
            // writer created the folder.)
            if (!Files.isDirectory(dir)) {
                assertThat(writesSeen).as("the folder vanished after files were written").isZero();
                continue;
            }
            try (Stream<Path> s = Files.list(dir)) {
                assertThat(s.map(p -> p.getFileName().toString()).toList()).as("after kill %d (seed %d)", round, seed)
                        .allMatch(n -> n.matches("t\\d\\.json"));
            }
            assertThat(JournalSummary.scan(journal).warnings()).extracting(Warning::toString)
                    .noneMatch(w -> w.contains(".tmp-"));
            Recovery r = journal.recover();
            leftoverTemps += r.files();
            assertThat(ReaderFailuresTest.tempFiles(root)).as("temp files after recover (seed %d)", seed).isEmpty();
        }
        assertThat(writesSeen).as("the writer wrote something before being killed (seed %d)", seed).isPositive();
        System.out.printf("CrashTest: %d temp files of cut-short writes removed by recover() (seed %d)%n",
                leftoverTemps, seed);
    }

    @Test
    void appendedLinesAreCompleteExceptAnUnterminatedFragment() throws Exception {
        Path root = tmp.resolve("journal");
        Journal.create(root, "Crash Owner");
        Path file = root.resolve("config/actions/" + CrashWriter.DAY.key() + ".jsonl");
        Set<String> earlierFragments = new HashSet<>();
        int linesSeen = 0;
        for (int round = 0; round < KILLS; round++) {
            runAndKill(root, "append", round * 1_000_000L, round);
            if (!Files.exists(file)) {
                continue;
            }
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            List<String> parts = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
            String fragment = parts.remove(parts.size() - 1); // after the last newline: "" or a torn line
            int valid = 0;
            for (String line : parts) {
                if (earlierFragments.contains(line)) {
                    continue; // a fragment of an earlier kill, ended by the next append's repair
                }
                JsonNode node = Json.MAPPER.readTree(line);
                JsonNode params = node.get("params");
                assertThat(CrashWriter.sha256(params.get("payload").asString()))
                        .as("appended line checksum after kill %d (seed %d)", round, seed)
                        .isEqualTo(params.get("sha").asString());
                valid++;
            }
            if (!fragment.isEmpty() && completeRecord(fragment)) {
                valid++; // torn exactly before its newline: the record itself is whole, and is read
                fragment = "";
            }
            WarningSink.Collecting warnings = TestJournals.sink();
            List<ActionLogEntry> read = Journal.open(root).withWarnings(warnings).actions().read(CrashWriter.DAY);
            assertThat(read).hasSize(valid);
            if (!fragment.isEmpty()) {
                int fragmentLine = parts.size() + 1;
                assertThat(warnings.warnings()).anySatisfy(w -> {
                    assertThat(w.file()).isEqualTo("config/actions/" + CrashWriter.DAY.key() + ".jsonl");
                    assertThat(w.line()).isEqualTo(fragmentLine);
                });
                earlierFragments.add(fragment);
            }
            linesSeen = valid;
        }
        assertThat(linesSeen).as("the writer appended something before being killed (seed %d)", seed).isPositive();
    }

    private static boolean completeRecord(String line) {
        try {
            JsonNode params = Json.MAPPER.readTree(line).get("params");
            return CrashWriter.sha256(params.get("payload").asString()).equals(params.get("sha").asString());
        } catch (Exception e) {
            return false;
        }
    }
}
