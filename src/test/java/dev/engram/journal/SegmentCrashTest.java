package dev.engram.journal;

import dev.engram.testing.ChildJvm;
import org.junit.jupiter.api.parallel.Isolated;
import dev.engram.testing.SpawnsProcesses;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM ({@link SegmentCrashWriter}) committing streamed segments is killed with SIGKILL at random moments.
 * After each kill every segment folder of the day holds all of its files, each whole; the child's staging folder
 * (uncommitted segments, unfinished streamed files) is removed by the next start's {@link Journal#recover()}.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "Process.destroyForcibly sends SIGKILL on Linux")
@SpawnsProcesses
@Isolated("its child JVMs are killed at random moments; other tests' load would skew when they die")
class SegmentCrashTest {
    private static final int KILLS = 3;

    @TempDir
    Path tmp;

    private final long seed = System.nanoTime();
    private final Random random = new Random(seed);

    @Test
    void aKilledCommitLeavesNoPartialSegmentAndItsLeftoversAreCleanedAtStart() throws Exception {
        Path root = tmp.resolve("journal");
        Journal.create(root, "Crash Owner");
        Path day = root.resolve(SegmentCrashWriter.DAY.key());
        int segmentsSeen = 0;
        long leftoverFiles = 0;
        for (int round = 0; round < KILLS; round++) {
            long pid = runAndKill(root, round * 10_000L, round);
            List<String> expectedFiles = new ArrayList<>();
            for (int i = 0; i < SegmentCrashWriter.FILES; i++) {
                expectedFiles.add("f" + i + ".bin");
            }
            try (Stream<Path> s = Files.list(day)) {
                for (Path seg : s.sorted().toList()) {
                    String name = seg.getFileName().toString();
                    SegmentKey key = SegmentKey.parse(name); // nothing but committed segments in the day folder
                    long seq = key.start().toSecondOfDay();
                    List<String> names = StreamingSegmentTest.listNames(seg);
                    List<String> withLate = new ArrayList<>(expectedFiles);
                    withLate.add("late.bin");
                    assertThat(names).as("segment %s after kill %d (seed %d)", name, round, seed)
                            .satisfiesAnyOf(n -> assertThat(n).isEqualTo(expectedFiles),
                                    n -> assertThat(n).isEqualTo(withLate.stream().sorted().toList()));
                    for (int i = 0; i < names.size(); i++) {
                        int file = names.get(i).equals("late.bin") ? SegmentCrashWriter.FILES
                                : Integer.parseInt(names.get(i).substring(1, 2));
                        assertThat(Files.readAllBytes(seg.resolve(names.get(i))))
                                .as("%s/%s is whole (seed %d)", name, names.get(i), seed)
                                .isEqualTo(SegmentCrashWriter.content(seq, file));
                    }
                    segmentsSeen++;
                }
            }
            Recovery r = Journal.open(root).recover();
            assertThat(r.removed()).as("the dead child's staging folder is removed (seed %d)", seed)
                    .singleElement().asString().matches("\\.staging/" + pid + "-\\d+");
            leftoverFiles += r.files();
            assertThat(StreamingSegmentTest.stagedBytes(root.resolve(Staging.DIR))).isZero();
            assertThat(Journal.open(root).recover().nothingRemoved()).isTrue();
        }
        assertThat(segmentsSeen).as("the writer committed segments before being killed (seed %d)", seed).isPositive();
        System.out.printf("SegmentCrashTest: %d segment checks, %d leftover files cleaned (seed %d)%n", segmentsSeen,
                leftoverFiles, seed);
    }

    /** Starts the writer, waits for its first commit, lets it write for a random while, kills it; returns its pid. */
    private long runAndKill(Path root, long firstSeq, int round) throws Exception {
        String java = ChildJvm.java();
        Process p = ChildJvm.lean(new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                SegmentCrashWriter.class.getName(), root.toString(), Long.toString(firstSeq)))
                .redirectError(tmp.resolve("child-" + round + ".err").toFile())
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).as("child output (stderr in %s)", tmp).isEqualTo("started");
            assertThat(out.readLine()).as("child output (stderr in %s)", tmp).isEqualTo("committed");
            Thread.sleep(random.nextInt(600));
            assertThat(p.isAlive()).as("the writer must still be running when killed (seed %d)", seed).isTrue();
        } finally {
            p.destroyForcibly();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(p.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        return p.pid();
    }
}
