package dev.engram.observe.sense;

/**
 * How much a frame changed: the root mean square of the grey-level differences between two frames of the same size,
 * over every 4th pixel of every 4th row (1/16 of the pixels, enough for screens), divided by 255, so 0 is identical
 * and 1 is black against white everywhere. The reference keeps a frame when this reaches 5 % (0.05) against the last
 * kept frame; a cursor blink or a clock tick stays well below it, a new window or a scrolled page well above.
 */
final class FrameDifference {
    static final int STEP = 4;

    private FrameDifference() {
    }

    static double rms(byte[] a, byte[] b, int width, int height) {
        if (a.length != b.length || a.length < (long) width * height) {
            throw new IllegalArgumentException("frames of different sizes");
        }
        long sum = 0;
        long n = 0;
        for (int y = 0; y < height; y += STEP) {
            int row = y * width;
            for (int x = 0; x < width; x += STEP) {
                int d = (a[row + x] & 0xff) - (b[row + x] & 0xff);
                sum += (long) d * d;
                n++;
            }
        }
        return n == 0 ? 0 : Math.sqrt((double) sum / n) / 255.0;
    }
}
