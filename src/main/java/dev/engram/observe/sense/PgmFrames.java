package dev.engram.observe.sense;

import dev.engram.observe.api.SenseException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The grey frames ffmpeg writes as one binary PGM image after another ({@code -f image2pipe -c:v pgm}): each frame
 * says its own width and height, so it is read at the size ffmpeg decoded it (a rotated video is turned as it is
 * displayed, which swaps its width and height), never at a size assumed from elsewhere, which would read its rows at
 * the wrong stride. A frame cut short, or a header that is not ffmpeg's {@code P5 W H 255}, is a {@code TOOL}
 * failure, never a frame read from the wrong bytes. Not thread-safe: one per ffmpeg run.
 */
final class PgmFrames {
    private static final int MAX_DIGITS = 9;
    private final InputStream in;
    private final long maxPixels;

    /** One frame: {@code grey} holds its {@code width * height} pixels, row after row. */
    record Frame(int width, int height, byte[] grey) {
    }

    PgmFrames(InputStream in, long maxPixels) {
        this.in = in;
        this.maxPixels = maxPixels;
    }

    /**
     * The next frame, or null when the stream ends before one starts. Its pixels go into {@code reuse} when that is
     * of its size (the caller's spare frame), else into a new array.
     */
    Frame next(byte[] reuse) {
        try {
            int first = in.read();
            if (first < 0) {
                return null;
            }
            if (first != 'P' || in.read() != '5') {
                throw bad("a frame does not start as a binary PGM image (P5)");
            }
            int w = number();
            int h = number();
            if (number() != 255) {
                throw bad("a frame is not of 8-bit grey levels (255)");
            }
            if (w < 1 || h < 1 || (long) w * h > maxPixels) {
                throw bad("a frame of " + w + "x" + h + " pixels (at most " + maxPixels + " are read)");
            }
            byte[] grey = reuse != null && reuse.length == w * h ? reuse : new byte[w * h];
            int got = in.readNBytes(grey, 0, grey.length);
            if (got < grey.length) {
                throw bad("its output ended inside a frame (" + got + " of its " + grey.length + " bytes)");
            }
            return new Frame(w, h, grey);
        } catch (IOException e) {
            throw new SenseException(SenseException.Kind.TOOL, "ffmpeg's frames could not be read: " + e.getMessage(),
                    e);
        }
    }

    /** A header number: after whitespace, digits ended by one whitespace byte (as the PGM format has it). */
    private int number() throws IOException {
        int c = in.read();
        while (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
            c = in.read();
        }
        int n = 0;
        int digits = 0;
        while (c >= '0' && c <= '9' && digits < MAX_DIGITS) {
            n = n * 10 + (c - '0');
            digits++;
            c = in.read();
        }
        if (digits == 0 || !(c == ' ' || c == '\n' || c == '\r' || c == '\t')) {
            throw bad(c < 0 ? "its output ended inside a frame's header" : "a frame's header is not P5 W H 255");
        }
        return n;
    }

    private static SenseException bad(String what) {
        return new SenseException(SenseException.Kind.TOOL, "ffmpeg's frames cannot be read: " + what);
    }
}
