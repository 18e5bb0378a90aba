package dev.engram.observe.sense;

import dev.engram.journal.Journal;
import dev.engram.observe.api.FrameReader;
import dev.engram.observe.api.SenseException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The {@link FrameReader}: {@code ffprobe} for the size of the first video stream (not a cover picture), one
 * {@code ffmpeg} process that decodes that stream (mapped explicitly: alone, ffmpeg picks the largest stream) as it
 * is shown (a rotated video turned upright) and pipes grey frames sampled every {@code interval_seconds} as PGM images
 * ({@link PgmFrames}: each says its size; nothing written to disk), the {@link FrameDifference} against the last kept
 * frame, and {@code tesseract} on each kept frame (given as a PGM image on stdin). A frame of another size than the
 * stream probed (upright or turned), or cut short, fails the video. OCR runs one frame at a time for the whole process
 * (one lock per reader; Engram has one reader).
 */
public final class OcrFrameReader implements FrameReader {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OcrFrameReader.class);
    private static final long MAX_PIXELS = 40_000_000L;
    /** The stream probed and decoded: the first video stream that is not a cover picture. */
    private static final String STREAM = "V:0";
    private final Supplier<SenseSettings.Describe> settings;
    private final ReentrantLock ocr = new ReentrantLock();

    OcrFrameReader(Supplier<SenseSettings.Describe> settings) {
        this.settings = settings;
    }

    /** A reader that takes its settings from the journal's {@code sense.describe} at each call. */
    public static OcrFrameReader forJournal(Journal journal) {
        return new OcrFrameReader(() -> SenseSettings.describe(journal));
    }

    @Override
    public boolean hasPicture(Path video) {
        requireFile(video);
        try {
            probe(video, settings.get().timeout());
            return true;
        } catch (SenseException e) {
            if (e.kind() == SenseException.Kind.NO_PICTURE) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public List<ScreenText> read(Path video) {
        SenseSettings.Describe s = settings.get();
        requireFile(video);
        int[] stored = probe(video, s.timeout());
        List<ScreenText> out = new ArrayList<>();
        // -map: the stream probed (ffmpeg alone decodes the file's largest video stream, which may be another);
        // PGM frames: each says its size, which autorotation swaps for a video shown turned by 90 degrees
        List<String> cmd = List.of("ffmpeg", "-nostdin", "-v", "error", "-i", video.toString(), "-map", "0:" + STREAM,
                "-vf", "fps=" + String.format(Locale.ROOT, "%.6f", 1.0 / s.intervalSeconds()) + ",format=gray",
                "-f", "image2pipe", "-c:v", "pgm", "pipe:1");
        Spent spent = new Spent();
        try (ChildProcess ffmpeg = ChildProcess.start(cmd, s.timeout())) {
            try {
                PgmFrames frames = new PgmFrames(ffmpeg.stdout(), MAX_PIXELS);
                PgmFrames.Frame last = null;
                int[] shown = null;
                byte[] spare = null;
                while (spent.sampled < s.maxFrames()) {
                    PgmFrames.Frame frame = next(frames, spare, ffmpeg);
                    if (frame == null) {
                        break;
                    }
                    shown = shownSize(video, frame, stored, shown);
                    double change = last == null ? 1.0
                            : FrameDifference.rms(last.grey(), frame.grey(), frame.width(), frame.height());
                    if (last == null || change >= s.minChange()) {
                        long t0 = System.nanoTime();
                        String text = ocr(frame.grey(), frame.width(), frame.height(), s);
                        long ocrNanos = System.nanoTime() - t0;
                        spent.ocr(ocrNanos);
                        out.add(new ScreenText(spent.sampled, round(spent.sampled * s.intervalSeconds()),
                                round(change), text, ocrNanos / 1_000_000));
                        last = frame;
                        spare = null;
                    } else {
                        spare = frame.grey();
                    }
                    spent.sampled++;
                    if (ffmpeg.overdue()) {
                        throw spent.overdue(video, s.timeout());
                    }
                }
                if (spent.sampled < s.maxFrames()) {
                    ffmpeg.waitFor(); // a decoding error after the last frame is still an error
                } else {
                    LOG.warn("{}: read only its first {} sampled frames (sense.describe.max_frames); the rest is not"
                            + " in its extract", video.getFileName(), s.maxFrames());
                }
            } catch (SenseException e) {
                // past the deadline, whatever showed it (ffmpeg killed mid-frame, its exit awaited, a slow OCR)
                throw ffmpeg.overdue() ? spent.overdue(video, s.timeout()) : e;
            }
            if (spent.sampled == 0) {
                throw new SenseException(SenseException.Kind.INPUT, video.getFileName() + " has no video frames");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SenseException(SenseException.Kind.TIMEOUT, "reading " + video.getFileName()
                    + " was interrupted");
        }
        return out;
    }

    /**
     * The next frame ffmpeg wrote, or null after its last. Frames that cannot be read (cut short, a header that is
     * not PGM) fail with ffmpeg's own error when it failed (it says why), else with what was wrong with them.
     */
    private static PgmFrames.Frame next(PgmFrames frames, byte[] spare, ChildProcess ffmpeg)
            throws InterruptedException {
        try {
            return frames.next(spare);
        } catch (SenseException e) {
            throw ffmpeg.failure(Duration.ofSeconds(1)).orElse(e);
        }
    }

    /**
     * Where the time of one video goes (describe.timeout_seconds bounds the whole of it, OCR included: ffmpeg waits
     * on its pipe while tesseract reads a frame), so an overrun names what took long.
     */
    private static final class Spent {
        private final long startNanos = System.nanoTime();
        private long ocrNanos;
        private int ocrFrames;
        int sampled;

        void ocr(long nanos) {
            ocrNanos += nanos;
            ocrFrames++;
        }

        SenseException overdue(Path video, Duration timeout) {
            long total = System.nanoTime() - startNanos;
            return new SenseException(SenseException.Kind.TIMEOUT, "reading " + video.getFileName() + " took longer"
                    + " than " + seconds(timeout.toNanos()) + " s (sense.describe.timeout_seconds) and was stopped: "
                    + seconds(ocrNanos) + " s in tesseract reading " + ocrFrames + " frame(s), "
                    + seconds(Math.max(0, total - ocrNanos)) + " s in ffmpeg decoding " + sampled + " sample(s)");
        }

        private static String seconds(long nanos) {
            return String.format(Locale.ROOT, "%.1f", nanos / 1e9).replaceFirst("\\.0$", "");
        }
    }

    /**
     * The size the frames are shown at: the first frame's, which must be the probed stream's, upright or turned by 90
     * degrees (as displayed); every later frame must be of it. Anything else was decoded from another stream or at
     * another size, and its rows would be read at the wrong stride.
     */
    private static int[] shownSize(Path video, PgmFrames.Frame f, int[] stored, int[] shown) {
        int w = f.width();
        int h = f.height();
        boolean ok = shown != null ? w == shown[0] && h == shown[1]
                : (w == stored[0] && h == stored[1]) || (w == stored[1] && h == stored[0]);
        if (!ok) {
            int[] want = shown != null ? shown : stored;
            throw new SenseException(SenseException.Kind.TOOL, "ffmpeg decoded a frame of " + w + "x" + h
                    + " pixels from " + video.getFileName() + (shown != null ? ", whose earlier frames are "
                    : ", whose video stream is ") + want[0] + "x" + want[1] + ": not read");
        }
        return shown != null ? shown : new int[] {w, h};
    }

    /** OCR of one grey frame through tesseract's stdin (one at a time). */
    String ocr(byte[] grey, int w, int h, SenseSettings.Describe s) {
        byte[] header = ("P5\n" + w + " " + h + "\n255\n").getBytes(StandardCharsets.US_ASCII);
        byte[] pgm = new byte[header.length + w * h];
        System.arraycopy(header, 0, pgm, 0, header.length);
        System.arraycopy(grey, 0, pgm, header.length, w * h);
        ocr.lock();
        try {
            byte[] text = ChildProcess.run(List.of("tesseract", "stdin", "stdout", "-l", s.language()), pgm,
                    s.ocrTimeout(), 4 * 1024 * 1024);
            return new String(text, StandardCharsets.UTF_8).strip().replace("\f", "");
        } finally {
            ocr.unlock();
        }
    }

    private static void requireFile(Path video) {
        if (!Files.isRegularFile(video)) {
            throw new SenseException(SenseException.Kind.INPUT, video.getFileName() + " is not a file");
        }
    }

    private static int[] probe(Path video, Duration timeout) {
        byte[] out = ChildProcess.run(List.of("ffprobe", "-v", "error", "-select_streams", STREAM, "-show_entries",
                "stream=width,height", "-of", "csv=p=0", video.toString()), new byte[0],
                timeout.compareTo(Duration.ofSeconds(30)) < 0 ? timeout : Duration.ofSeconds(30), 4096);
        String[] p = new String(out, StandardCharsets.US_ASCII).strip().split("[,\\s]+");
        try {
            int w = Integer.parseInt(p[0]);
            int h = Integer.parseInt(p[1]);
            if (w < 1 || h < 1 || (long) w * h > MAX_PIXELS) {
                throw new SenseException(SenseException.Kind.INPUT, video.getFileName() + " has frames of " + w
                        + "x" + h + " pixels, more than " + MAX_PIXELS + " are not read");
            }
            return new int[] {w, h};
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new SenseException(SenseException.Kind.NO_PICTURE, video.getFileName() + " has no video stream");
        }
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
