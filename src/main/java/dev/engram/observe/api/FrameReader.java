package dev.engram.observe.api;

import java.nio.file.Path;
import java.util.List;

/**
 * A screen recording's frames that changed enough, with the text read from each: frames are sampled with ffmpeg at
 * the configured interval, a frame is kept when its RMS difference from the last kept frame reaches the configured
 * threshold (the first frame is always kept), and each kept frame is read with tesseract OCR, one frame at a time.
 */
public interface FrameReader {
    /**
     * Whether the file holds a picture to read (ffprobe finds a video stream), checked before the handler is named:
     * a video file with sound only (a phone's voice memo as {@code .mp4}) is transcribed instead.
     *
     * @throws SenseException {@code TOOL}, {@code TIMEOUT} or {@code INPUT}
     */
    boolean hasPicture(Path video);

    /**
     * Reads one video (blocking, bounded by the configured timeouts and frame limit).
     *
     * @throws SenseException {@code TOOL}, {@code TIMEOUT} or {@code INPUT}; {@code NO_PICTURE} for a file that
     *     {@link #hasPicture} says has none
     */
    List<ScreenText> read(Path video);

    /**
     * One kept frame.
     *
     * @param frameId   the sampled frame's number (0 = first sample)
     * @param timestamp seconds from the start of the video
     * @param change    RMS difference from the previous kept frame, 0..1 (1 for the first frame)
     * @param text      what OCR read, trimmed (may be empty)
     * @param ocrMillis how long OCR of this frame took
     */
    record ScreenText(int frameId, double timestamp, double change, String text, long ocrMillis) {
    }
}
