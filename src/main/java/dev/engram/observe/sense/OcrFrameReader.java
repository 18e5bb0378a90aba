package dev.engram.observe.sense;

import dev.engram.journal.Journal;
import dev.engram.observe.api.FrameReader;
import dev.engram.observe.api.SenseException;
import java.io.IOException;
import java.io.InputStream;
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
 * The {@link FrameReader}: {@code ffprobe} for the frame size, one {@code ffmpeg} process that decodes the video and
 * pipes grey frames sampled every {@code interval_seconds} (raw bytes, nothing written to disk), the
 * {@link FrameDifference} against the last kept frame, and {@code tesseract} on each kept frame (given as a PGM image
 * on stdin). OCR runs one frame at a time for the whole process (one lock per reader; Engram has one reader).
 */
public final class OcrFrameReader implements FrameReader {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OcrFrameReader.class);
    private static final long MAX_PIXELS = 40_000_000L;
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
    public List<ScreenText> read(Path video) {
        SenseSettings.Describe s = settings.get();
        if (!Files.isRegularFile(video)) {
            throw new SenseException(SenseException.Kind.INPUT, video.getFileName() + " is not a file");
        }
        int[] size = probe(video, s.timeout());
        int w = size[0];
        int h = size[1];
        int frameBytes = w * h;
        List<ScreenText> out = new ArrayList<>();
        List<String> cmd = List.of("ffmpeg", "-nostdin", "-v", "error", "-i", video.toString(), "-vf",
                "fps=" + String.format(Locale.ROOT, "%.6f", 1.0 / s.intervalSeconds()) + ",format=gray",
                "-f", "rawvideo", "-pix_fmt", "gray", "pipe:1");
        try (ChildProcess ffmpeg = ChildProcess.start(cmd, s.timeout())) {
            InputStream in = ffmpeg.stdout();
            byte[] last = null;
            int sampled = 0;
            byte[] frame = new byte[frameBytes];
            while (sampled < s.maxFrames() && readFrame(in, frame)) {
                double change = last == null ? 1.0 : FrameDifference.rms(last, frame, w, h);
                if (last == null || change >= s.minChange()) {
                    long t0 = System.nanoTime();
                    String text = ocr(frame, w, h, s);
                    out.add(new ScreenText(sampled, round(sampled * s.intervalSeconds()), round(change), text,
                            (System.nanoTime() - t0) / 1_000_000));
                    last = frame;
                    frame = new byte[frameBytes];
                }
                sampled++;
                if (ffmpeg.overdue()) {
                    throw new SenseException(SenseException.Kind.TIMEOUT, ffmpeg.timeoutMessage(s.timeout()));
                }
            }
            if (sampled < s.maxFrames()) {
                ffmpeg.waitFor(); // a decoding error after the last frame is still an error
            } else {
                LOG.warn("{}: read only its first {} sampled frames (sense.describe.max_frames); the rest is not in"
                        + " its extract", video.getFileName(), s.maxFrames());
            }
            if (sampled == 0) {
                throw new SenseException(SenseException.Kind.INPUT, video.getFileName() + " has no video frames");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SenseException(SenseException.Kind.TIMEOUT, "reading " + video.getFileName()
                    + " was interrupted");
        }
        return out;
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

    private static int[] probe(Path video, Duration timeout) {
        byte[] out = ChildProcess.run(List.of("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
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
            throw new SenseException(SenseException.Kind.INPUT, video.getFileName() + " has no video stream");
        }
    }

    private static boolean readFrame(InputStream in, byte[] frame) {
        int off = 0;
        try {
            while (off < frame.length) {
                int n = in.read(frame, off, frame.length - off);
                if (n < 0) {
                    return false; // a partial last frame is dropped
                }
                off += n;
            }
        } catch (IOException e) {
            throw new SenseException(SenseException.Kind.TOOL, "ffmpeg's frames could not be read: " + e.getMessage(),
                    e);
        }
        return true;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
