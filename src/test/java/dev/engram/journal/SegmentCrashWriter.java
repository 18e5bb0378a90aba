package dev.engram.journal;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.Random;

/**
 * The child process of {@link SegmentCrashTest}: commits segments of {@link #FILES} streamed files (1 KiB to 513 KiB,
 * content derived from the segment's number) and then streams {@code late.bin} into each, until it is killed.
 * A segment's number is its start time in seconds of the day, so the parent can regenerate every expected byte.
 */
public final class SegmentCrashWriter {
    static final int FILES = 4;
    static final Day DAY = Day.of(2024, 6, 2);

    private SegmentCrashWriter() {
    }

    public static void main(String[] args) throws Exception {
        Journal journal = Journal.open(Path.of(args[0]));
        long seq = Long.parseLong(args[1]);
        System.out.println("started");
        System.out.flush();
        boolean reported = false;
        while (true) {
            seq++;
            try (StagedSegment s = journal.stageSegment()) {
                for (int i = 0; i < FILES; i++) {
                    s.add("f" + i + ".bin", new ByteArrayInputStream(content(seq, i)), 4L << 20);
                }
                Segment seg = s.commit(DAY, key(seq)).segment();
                journal.days().files(seg).writeStream("late.bin", new ByteArrayInputStream(content(seq, FILES)),
                        4L << 20);
            }
            if (!reported) {
                System.out.println("committed"); // the parent may now kill at any moment
                System.out.flush();
                reported = true;
            }
        }
    }

    static SegmentKey key(long seq) {
        return SegmentKey.of(LocalTime.ofSecondOfDay(seq % 86_400), 1);
    }

    static byte[] content(long seq, int file) {
        Random r = new Random(seq * 31 + file);
        byte[] b = new byte[1024 + r.nextInt(512 << 10)];
        r.nextBytes(b);
        return b;
    }
}
