package dev.engram.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit ({@link GroupSync}): concurrent segment commits into one day and concurrent appends to one file share
 * fsyncs, and none returns before an fsync that covers its own rename or line has completed. The fsyncs are the real
 * ones, wrapped to record what each one made durable (a listing or the file's content taken before it ran).
 */
class GroupCommitTest {
    private static final Day DAY = Day.of(2024, 6, 1);
    private static final int N = 8;

    @TempDir
    Path tmp;

    @Test
    void concurrentCommitsShareTheDayFolderFsyncAndReturnOnlyOnceTheirRenameIsDurable() throws Exception {
        Journal base = Journal.create(tmp.resolve("journal"), "Group Owner");
        Path dayDir = base.root().resolve(DAY.key());
        Files.createDirectories(dayDir);
        Set<String> durable = ConcurrentHashMap.newKeySet();
        List<Integer> dayFsyncs = new CopyOnWriteArrayList<>();
        GroupSync syncs = new GroupSync(dir -> {
            if (!dir.equals(dayDir)) {
                DurableFiles.syncDirectory(dir);
                return;
            }
            if (dayFsyncs.isEmpty()) { // the first fsync waits until every commit has renamed: the rest must share
                await().atMost(Duration.ofSeconds(30)).until(() -> list(dayDir).size() == N);
            }
            List<String> covered = list(dayDir); // renamed before the fsync started: durable once it ends
            DurableFiles.syncDirectory(dir);
            dayFsyncs.add(covered.size());
            durable.addAll(covered);
        }, DurableFiles::syncFile);
        Journal j = base.withSyncs(syncs);

        List<Boolean> durableAtReturn = run(i -> {
            String key = String.format("09%02d00_60", i);
            try (StagedSegment s = j.stageSegment()) {
                s.add("screen.jsonl", new ByteArrayInputStream(("{\"i\":" + i + "}\n").getBytes()), 1024);
                s.commit(DAY, SegmentKey.parse(key));
            }
            return durable.contains(key);
        });

        assertThat(durableAtReturn).hasSize(N).containsOnly(true);
        assertThat(list(dayDir)).hasSize(N);
        assertThat(dayFsyncs.size()).as("day folder fsyncs for %d concurrent commits", N).isBetween(2, N - 2);
    }

    @Test
    void concurrentAppendsShareOneFsyncAndReturnOnlyOnceTheirLineIsDurable() throws Exception {
        Journal base = Journal.create(tmp.resolve("journal"), "Group Owner");
        Path file = base.root().resolve("apps/bench/hist.jsonl");
        Set<String> durable = ConcurrentHashMap.newKeySet();
        List<Integer> fileFsyncs = new CopyOnWriteArrayList<>();
        GroupSync syncs = new GroupSync(DurableFiles::syncDirectory, f -> {
            if (fileFsyncs.isEmpty()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> lines(f).size() == N + 1); // with the first line
            }
            List<String> covered = lines(f);
            DurableFiles.syncFile(f);
            fileFsyncs.add(covered.size());
            durable.addAll(covered);
        });
        Journal j = base.withSyncs(syncs);
        base.appendAppLine("bench", Json.MAPPER.createObjectNode().put("i", -1), "hist.jsonl"); // file exists first
        durable.clear();

        List<Boolean> durableAtReturn = run(i -> {
            j.appendAppLine("bench", Json.MAPPER.createObjectNode().put("i", i), "hist.jsonl");
            return durable.contains("{\"i\":" + i + "}");
        });

        assertThat(durableAtReturn).hasSize(N).containsOnly(true);
        assertThat(lines(file)).hasSize(N + 1);
        assertThat(fileFsyncs.size()).as("file fsyncs for %d concurrent appends", N).isBetween(2, N - 2);
    }

    /**
     * The overlapped fsyncs of one commit (StagedSegment, Overlap): each staged file's fsync runs on a helper thread,
     * so the rename must wait for it. Each helper fsync here holds until the committing thread has stopped to wait (or
     * until the segment became visible, which is the failure), then notes whether the segment was visible before it
     * ended; the staging folder's fsync (after the rename) notes whether commit had returned before it ended.
     */
    @Test
    void aCommitRenamesOnlyOnceEveryStagedFileIsDurableAndReturnsOnlyOnceBothFoldersAre() throws Exception {
        Journal base = Journal.create(tmp.resolve("journal"), "Group Owner");
        Path dayDir = base.root().resolve(DAY.key());
        Files.createDirectories(dayDir);
        Path target = dayDir.resolve("100000_60");
        Thread committer = Thread.currentThread();
        java.util.concurrent.atomic.AtomicBoolean returned = new java.util.concurrent.atomic.AtomicBoolean();
        Set<String> durable = ConcurrentHashMap.newKeySet();
        List<String> violations = new CopyOnWriteArrayList<>();
        GroupSync syncs = new GroupSync(dir -> {
            String name = dir.getFileName().toString();
            if (dir.equals(dayDir) || name.startsWith("segment-")) { // on the committing thread itself
                if (name.startsWith("segment-") && Files.exists(target)) {
                    violations.add("the staged folder was fsynced after the rename");
                }
                DurableFiles.syncDirectory(dir);
                durable.add(dir.equals(dayDir) ? "day folder" : "staged folder");
                return;
            }
            holdUntilTheCommitterWaits(committer, returned::get);
            DurableFiles.syncDirectory(dir);
            if (returned.get()) {
                violations.add("commit returned before the staging folder's fsync ended");
            }
            durable.add("staging folder");
        }, f -> {
            holdUntilTheCommitterWaits(committer, () -> Files.exists(target));
            DurableFiles.syncFile(f);
            if (Files.exists(target)) {
                violations.add(f.getFileName() + " was renamed into place before its fsync ended");
            }
            durable.add(f.getFileName().toString());
        });
        Journal j = base.withSyncs(syncs);
        try (StagedSegment s = j.stageSegment()) {
            s.add("audio.flac", new ByteArrayInputStream(new byte[200 << 10]), 1 << 20);
            s.add("screen.jsonl", new ByteArrayInputStream("{}\n".getBytes()), 1024);
            s.stream(new dev.engram.journal.Stream("bench"));
            s.commit(DAY, SegmentKey.parse("100000_60"));
            returned.set(true);
        }
        assertThat(violations).isEmpty();
        assertThat(durable).as("fsyncs ended when commit returned").containsExactlyInAnyOrder("audio.flac",
                "screen.jsonl", "stream.json", "staged folder", "day folder", "staging folder");
        assertThat(list(target)).containsExactly("audio.flac", "screen.jsonl", "stream.json");
    }

    /** On a helper thread: waits until {@code committer} is parked waiting (or {@code gone} is true); not on it. */
    private static void holdUntilTheCommitterWaits(Thread committer, Callable<Boolean> gone) {
        if (Thread.currentThread() == committer) { // run by the caller (every helper busy): nothing to wait for
            return;
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> gone.call()
                || committer.getState() == Thread.State.WAITING || committer.getState() == Thread.State.TIMED_WAITING);
    }

    @Test
    void aFailedSharedFsyncFailsEveryCommitItWasFor() throws Exception {
        Journal base = Journal.create(tmp.resolve("journal"), "Group Owner");
        Path dayDir = base.root().resolve(DAY.key());
        Files.createDirectories(dayDir);
        Journal j = base.withSyncs(new GroupSync(dir -> {
            if (dir.equals(dayDir)) {
                throw new IOException("simulated disk error");
            }
            DurableFiles.syncDirectory(dir);
        }, DurableFiles::syncFile));
        try (StagedSegment s = j.stageSegment()) {
            s.add("a.txt", new ByteArrayInputStream("a\n".getBytes()), 1024);
            assertThatThrownBy(() -> s.commit(DAY, SegmentKey.parse("100000_60")))
                    .isInstanceOf(JournalException.class).hasMessageContaining("committed and visible, but syncing")
                    .hasMessageContaining("simulated disk error");
        }
    }

    private interface Task {
        boolean call(int i) throws Exception;
    }

    private static List<Boolean> run(Task task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(N);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> futures = new ArrayList<>();
            for (int i = 0; i < N; i++) {
                int n = i;
                Callable<Boolean> c = () -> {
                    start.await();
                    return task.call(n);
                };
                futures.add(pool.submit(c));
            }
            start.countDown();
            List<Boolean> out = new ArrayList<>();
            for (Future<Boolean> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
    }
}
