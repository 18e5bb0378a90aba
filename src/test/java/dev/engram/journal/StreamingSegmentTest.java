package dev.engram.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streamed segment files (checksummed, size-limited, never buffered whole) and segments committed in one rename. */
class StreamingSegmentTest {
    private static final Day DAY = Day.of(2024, 6, 1);
    private static final long MIB = 1024 * 1024;

    @TempDir
    Path tmp;

    private Journal journal() {
        return Journal.create(tmp.resolve("journal"), "Stream Owner");
    }

    @Test
    void aLargeStreamIsOnDiskBeforeItEnds() throws Exception {
        Journal j = journal();
        Path staging = j.root().resolve(Staging.DIR);
        AtomicLong onDiskAt48 = new AtomicLong(-1);
        Generated in = new Generated(64 * MIB, 7, read -> {
            if (read >= 48 * MIB && onDiskAt48.get() < 0) {
                onDiskAt48.set(stagedBytes(staging));
            }
        });
        StoredFile f;
        try (StagedSegment s = j.stageSegment()) {
            f = s.add("big.webm", in, 64 * MIB);
            s.commit(DAY, SegmentKey.parse("090000_300"));
        }
        // After 48 MiB were read, at least 32 MiB of them were already in the staging file: nothing buffers the stream.
        assertThat(onDiskAt48.get()).isGreaterThanOrEqualTo(32 * MIB);
        assertThat(f.size()).isEqualTo(64 * MIB);
        assertThat(f.sha256()).isEqualTo(in.sha256());
        Path committed = j.root().resolve("20240601/090000_300/big.webm");
        assertThat(Files.size(committed)).isEqualTo(64 * MIB);
        assertThat(sha256(committed)).isEqualTo(in.sha256());
    }

    @Test
    void aFileAddedToAnExistingSegmentIsStreamedOutsideItAndRenamedIn() throws Exception {
        Journal j = journal();
        Segment seg = j.days().createSegment(DAY, SegmentKey.parse("100000_300"));
        SegmentFiles files = j.days().files(seg);
        Path staging = j.root().resolve(Staging.DIR);
        AtomicBoolean visibleEarly = new AtomicBoolean();
        AtomicLong stagedAt8 = new AtomicLong(-1);
        Generated in = new Generated(16 * MIB, 3, read -> {
            if (read >= 8 * MIB && stagedAt8.get() < 0) {
                stagedAt8.set(stagedBytes(staging));
                visibleEarly.set(Files.exists(seg.dir().resolve("clip.flac")) || listNames(seg.dir()).size() > 0);
            }
        });
        StoredFile f = files.writeStream("clip.flac", in, 16 * MIB);
        assertThat(stagedAt8.get()).isGreaterThanOrEqualTo(4 * MIB);
        assertThat(visibleEarly).as("nothing appears in the segment folder before the file is complete").isFalse();
        assertThat(f).isEqualTo(new StoredFile("clip.flac", 16 * MIB, in.sha256()));
        assertThat(sha256(seg.dir().resolve("clip.flac"))).isEqualTo(in.sha256());
        assertThat(files.names()).containsExactly("clip.flac");
        assertThat(stagedBytes(staging)).as("the temp file was renamed, not copied").isZero();
        // Replacing keeps the file whole: the new content, atomically.
        StoredFile g = files.writeStream("clip.flac", new ByteArrayInputStream("abc".getBytes(StandardCharsets.UTF_8)),
                10);
        assertThat(g.sha256()).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Files.readString(seg.dir().resolve("clip.flac"))).isEqualTo("abc");
    }

    @Test
    void checksumsAndSizesAreThoseOfTheContent() throws Exception {
        Journal j = journal();
        byte[] empty = new byte[0];
        byte[] abc = "abc".getBytes(StandardCharsets.UTF_8);
        CommittedSegment c;
        try (StagedSegment s = j.stageSegment()) {
            s.add("empty.txt", new ByteArrayInputStream(empty), 0);
            s.add("abc.txt", new ByteArrayInputStream(abc), 3);
            s.add("odd.bin", new Generated(1_000_003, 11, n -> { }), 1_000_003);
            c = s.commit(DAY, SegmentKey.parse("110000_60"));
        }
        assertThat(c.segment().id()).isEqualTo("20240601/110000_60");
        assertThat(c.files()).extracting(StoredFile::name).containsExactly("empty.txt", "abc.txt", "odd.bin");
        assertThat(c.files().get(0)).isEqualTo(new StoredFile("empty.txt", 0,
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
        assertThat(c.files().get(1)).isEqualTo(new StoredFile("abc.txt", 3,
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        for (StoredFile f : c.files()) {
            Path p = c.segment().dir().resolve(f.name());
            assertThat(Files.size(p)).isEqualTo(f.size());
            assertThat(sha256(p)).as(f.name()).isEqualTo(f.sha256());
        }
        assertThat(j.days().segments(DAY)).extracting(Segment::id).containsExactly("20240601/110000_60");
    }

    @Test
    void aStreamOverTheLimitIsRefusedAndNothingIsKept() throws Exception {
        Journal j = journal();
        Path staging = j.root().resolve(Staging.DIR);
        try (StagedSegment s = j.stageSegment()) {
            assertThatThrownBy(() -> s.add("big.flac", new Generated(MIB + 1, 1, n -> { }), MIB))
                    .isInstanceOfSatisfying(FileTooLargeException.class, e -> {
                        assertThat(e.limit()).isEqualTo(MIB);
                        assertThat(e.name()).isEqualTo("big.flac");
                        assertThat(e.getMessage()).contains("big.flac", "1048576");
                    });
            assertThat(stagedBytes(staging)).isZero();
            assertThat(s.files()).isEmpty();
            // The name is free again, and exactly the limit is accepted.
            assertThat(s.add("big.flac", new Generated(MIB, 1, n -> { }), MIB).size()).isEqualTo(MIB);
        }
        Segment seg = j.days().createSegment(DAY, SegmentKey.parse("120000_60"));
        assertThatThrownBy(() -> j.days().files(seg).writeStream("x.flac", new Generated(101, 1, n -> { }), 100))
                .isInstanceOf(FileTooLargeException.class);
        assertThat(listNames(seg.dir())).isEmpty();
        assertThat(stagedBytes(staging)).isZero();
    }

    @Test
    void badNamesAndRepeatedNamesAreRefused() {
        Journal j = journal();
        try (StagedSegment s = j.stageSegment()) {
            assertThatThrownBy(() -> s.add("../escape", new ByteArrayInputStream(new byte[1]), 10))
                    .isInstanceOf(InvalidNameException.class);
            assertThatThrownBy(() -> s.add(".hidden", new ByteArrayInputStream(new byte[1]), 10))
                    .isInstanceOf(InvalidNameException.class);
            s.add("a.flac", new ByteArrayInputStream(new byte[1]), 10);
            assertThatThrownBy(() -> s.add("a.flac", new ByteArrayInputStream(new byte[1]), 10))
                    .isInstanceOf(JournalException.class).hasMessageContaining("already part of this segment");
        }
        try (StagedSegment s = j.stageSegment()) {
            assertThatThrownBy(() -> s.commit(DAY, SegmentKey.parse("130000_60")))
                    .hasMessageContaining("at least one file");
        }
    }

    @Test
    void aSegmentsStreamIsStagedBesideItsFilesAndAppearsWithThem() throws Exception {
        Journal j = journal();
        Path committed = j.root().resolve("20240601/110000_300");
        try (StagedSegment s = j.stageSegment()) {
            s.add("tmux_work_screen.jsonl", new ByteArrayInputStream("{}\n".getBytes(StandardCharsets.UTF_8)), 100);
            assertThat(s.stream(new dev.engram.journal.Stream("vm.tmux"))).isTrue();
            assertThat(Files.exists(committed)).isFalse();
            assertThatThrownBy(() -> s.add(dev.engram.journal.Stream.FILE, InputStream.nullInputStream(), 10))
                    .isInstanceOf(JournalException.class); // one stream.json per segment
            CommittedSegment done = s.commit(DAY, SegmentKey.parse("110000_300"));
            assertThat(done.files()).extracting(StoredFile::name).containsExactly("tmux_work_screen.jsonl");
        }
        assertThat(Files.readString(committed.resolve("stream.json"))).isEqualTo("{\"stream\":\"vm.tmux\"}\n");
        // an uploaded stream.json is kept as sent
        try (StagedSegment s = j.stageSegment()) {
            s.add("stream.json", new ByteArrayInputStream("{\"stream\":\"sent\"}".getBytes(StandardCharsets.UTF_8)), 100);
            assertThat(s.stream(new dev.engram.journal.Stream("vm.tmux"))).isFalse();
            s.commit(DAY, SegmentKey.parse("120000_300"));
        }
        assertThat(Files.readString(j.root().resolve("20240601/120000_300/stream.json"))).contains("sent");
        // names: the reference's rule; any other name made into one
        for (String bad : new String[] {"VM.tmux", ".x", "a/b", "", "a".repeat(65)}) {
            assertThatThrownBy(() -> new dev.engram.journal.Stream(bad)).isInstanceOf(InvalidNameException.class);
        }
        assertThat(dev.engram.journal.Stream.from("My Laptop!", "observer").name()).isEqualTo("my-laptop-");
        assertThat(dev.engram.journal.Stream.from("_x", "observer").name()).isEqualTo("observer");
        assertThat(dev.engram.journal.Stream.ofImport("audio").name()).isEqualTo("import.audio");
    }

    @Test
    void anExistingSegmentIsNeverOverwritten() throws Exception {
        Journal j = journal();
        // An existing empty folder would be silently replaced by a plain rename(2): it must be refused too.
        Segment empty = j.days().createSegment(DAY, SegmentKey.parse("140000_300"));
        Segment full = j.days().createSegment(DAY, SegmentKey.parse("150000_300"));
        j.days().files(full).writeBytes("old.flac", new byte[] {9});
        try (StagedSegment s = j.stageSegment()) {
            s.add("new.flac", new ByteArrayInputStream(new byte[] {1, 2}), 10);
            for (Segment existing : List.of(empty, full)) {
                assertThatThrownBy(() -> s.commit(DAY, existing.key()))
                        .isInstanceOfSatisfying(SegmentExistsException.class,
                                e -> assertThat(e.segment()).isEqualTo(existing.id()));
            }
            assertThat(listNames(empty.dir())).isEmpty();
            assertThat(listNames(full.dir())).containsExactly("old.flac");
            // The staged files are kept: the caller commits under another key.
            CommittedSegment c = s.commit(DAY, SegmentKey.parse("140000_301"));
            assertThat(listNames(c.segment().dir())).containsExactly("new.flac");
            assertThatThrownBy(() -> s.add("more.flac", new ByteArrayInputStream(new byte[1]), 10))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void closingAnUncommittedSegmentDeletesItAndRecoverySparesLiveProcesses() throws Exception {
        Journal j = journal();
        Path staging = j.root().resolve(Staging.DIR);
        StagedSegment open = j.stageSegment();
        open.add("a.flac", new ByteArrayInputStream(new byte[100]), 100);
        try (StagedSegment s = j.stageSegment()) {
            s.add("b.flac", new ByteArrayInputStream(new byte[50]), 100);
        }
        assertThat(stagedBytes(staging)).isEqualTo(100);
        // Leftovers of processes that are gone, and a stray entry, are removed; this process's staging is not.
        long deadPid = Long.MAX_VALUE - 1;
        Path dead = Files.createDirectories(staging.resolve(deadPid + "-1").resolve("segment-1"));
        Files.write(dead.resolve("x.flac"), new byte[7]);
        Files.write(dead.getParent().resolve("file-2"), new byte[5]);
        Path stray = Files.writeString(staging.resolve("stray.tmp-1"), "xyz");
        Path otherLive = Files.createDirectories(staging.resolve(ProcessHandle.current().pid() + "-1"));
        Recovery r = j.recover();
        assertThat(r.removed()).containsExactlyInAnyOrder(".staging/" + deadPid + "-1", ".staging/stray.tmp-1",
                ".staging/" + ProcessHandle.current().pid() + "-1"); // a live pid with another start time is reused
        assertThat(r.files()).isEqualTo(3);
        assertThat(r.bytes()).isEqualTo(15);
        assertThat(Files.exists(stray)).isFalse();
        assertThat(Files.exists(otherLive)).isFalse();
        assertThat(stagedBytes(staging)).isEqualTo(100);
        assertThat(j.recover().nothingRemoved()).isTrue();
        open.commit(DAY, SegmentKey.parse("160000_60"));
        open.close();
        assertThat(stagedBytes(staging)).isZero();
        // The staging folder is not part of the journal's format and is never reported.
        assertThat(JournalSummary.scan(j).warnings()).extracting(Warning::toString)
                .noneMatch(w -> w.contains(".staging"));
    }

    @Test
    void aReaderListingTheDayNeverSeesAPartialSegment() throws Exception {
        Journal j = journal().withDurability(Durability.BULK);
        int segments = 40;
        int filesPerSegment = 12;
        List<String> violations = new CopyOnWriteArrayList<>();
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong looks = new AtomicLong();
        Journal reader = Journal.open(j.root()).withWarnings(TestJournals.sink());
        Thread t = Thread.ofPlatform().start(() -> {
            while (!done.get()) {
                for (Segment s : reader.days().segments(DAY)) {
                    List<String> names = listNames(s.dir());
                    looks.incrementAndGet();
                    if (names.size() != filesPerSegment) {
                        violations.add(s.id() + " " + names);
                    }
                }
            }
        });
        try {
            for (int i = 0; i < segments; i++) {
                try (StagedSegment s = j.stageSegment()) {
                    for (int f = 0; f < filesPerSegment; f++) {
                        s.add("f" + f + ".bin", new Generated(4096 + f * 1000, i * 100 + f, n -> { }), MIB);
                    }
                    s.commit(DAY, SegmentKey.of(LocalTime.of(8, 0).plusMinutes(i), 60));
                }
            }
        } finally {
            done.set(true);
            t.join();
        }
        assertThat(violations).isEmpty();
        assertThat(looks.get()).as("the reader looked at committed segments").isPositive();
        assertThat(j.days().segments(DAY)).hasSize(segments);
    }

    // ---- helpers ----

    /** Bytes in regular files under the staging folder. */
    static long stagedBytes(Path staging) {
        if (!Files.isDirectory(staging)) {
            return 0;
        }
        try (Stream<Path> all = Files.walk(staging)) {
            long sum = 0;
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                sum += Files.size(p);
            }
            return sum;
        } catch (IOException e) {
            return 0; // a file renamed away while walking
        }
    }

    static List<String> listNames(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return new ArrayList<>(List.of("unreadable: " + e));
        }
    }

    static String sha256(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) != -1) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** A generated stream of pseudo-random bytes; reports how much was read and knows its own SHA-256 at the end. */
    static final class Generated extends InputStream {
        private final long length;
        private final java.util.function.LongConsumer progress;
        private final java.util.Random random;
        private final MessageDigest md;
        private long read;
        private String digest;

        Generated(long length, long seed, java.util.function.LongConsumer progress) {
            this.length = length;
            this.progress = progress;
            this.random = new java.util.Random(seed);
            try {
                this.md = MessageDigest.getInstance("SHA-256");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (read >= length) {
                return -1;
            }
            int n = (int) Math.min(len, Math.min(length - read, 32 * 1024));
            byte[] chunk = new byte[n];
            random.nextBytes(chunk);
            System.arraycopy(chunk, 0, b, off, n);
            md.update(chunk);
            read += n;
            progress.accept(read);
            return n;
        }

        /** The SHA-256 of everything read (call after the end). */
        String sha256() {
            if (digest == null) {
                digest = HexFormat.of().formatHex(md.digest());
            }
            return digest;
        }
    }
}
