package dev.engram.observe.sense;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engram.observe.api.SenseException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** ffmpeg's PGM frames, as bytes: each read at the size it says; a frame cut short is an error, never a frame. */
class PgmFramesTest {
    private static byte[] pgm(int w, int h, int grey) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("P5\n" + w + " " + h + "\n255\n").getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < w * h; i++) {
            out.write(grey);
        }
        return out.toByteArray();
    }

    private static PgmFrames frames(byte[]... images) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] i : images) {
            out.writeBytes(i);
        }
        return new PgmFrames(new ByteArrayInputStream(out.toByteArray()), 1_000_000);
    }

    @Test
    void eachFrameIsReadAtItsOwnSizeAndTheEndIsNull() {
        PgmFrames f = frames(pgm(4, 2, 7), pgm(2, 4, 9));
        PgmFrames.Frame first = f.next(null);
        assertThat(first.width()).isEqualTo(4);
        assertThat(first.height()).isEqualTo(2);
        assertThat(first.grey()).hasSize(8).containsOnly((byte) 7);
        byte[] spare = new byte[8];
        PgmFrames.Frame second = f.next(spare);
        assertThat(second.grey()).as("a spare of its size is reused").isSameAs(spare).containsOnly((byte) 9);
        assertThat(second.width()).isEqualTo(2);
        assertThat(f.next(null)).isNull();
    }

    @Test
    void aFrameCutShortIsAnErrorNotAFrame() {
        byte[] whole = pgm(4, 2, 7);
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 3);
        PgmFrames f = frames(whole, cut);
        assertThat(f.next(null)).isNotNull();
        assertThatThrownBy(() -> f.next(null)).isInstanceOfSatisfying(SenseException.class, e -> assertThat(e.kind())
                .isEqualTo(SenseException.Kind.TOOL)).hasMessageContaining("ended inside a frame (5 of its 8 bytes)");
    }

    @Test
    void bytesThatAreNotPgmFramesAreAnError() {
        assertThatThrownBy(() -> frames("GIF89a".getBytes(StandardCharsets.US_ASCII)).next(null))
                .isInstanceOf(SenseException.class).hasMessageContaining("P5");
        assertThatThrownBy(() -> frames("P5\n4 2\n65535\n".getBytes(StandardCharsets.US_ASCII)).next(null))
                .isInstanceOf(SenseException.class).hasMessageContaining("8-bit");
        assertThatThrownBy(() -> frames("P5\n4".getBytes(StandardCharsets.US_ASCII)).next(null))
                .isInstanceOf(SenseException.class).hasMessageContaining("ended inside a frame's header");
        assertThatThrownBy(() -> frames(pgm(2000, 1000, 0)).next(null))
                .isInstanceOf(SenseException.class).hasMessageContaining("2000x1000");
    }
}
