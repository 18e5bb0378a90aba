package dev.engram.callosum;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.testing.Seeds;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random lines cut into random chunks must decode to exactly the lines that fit the limit. */
class LineDecoderFuzzTest {
    private static final int MAX = 40;
    private static final String[] PIECES = {"a", "é", "€", "𝄞", "{", "}", "\"", " ", "\r", "日本"};

    @Test
    void randomChunkingsYieldExactlyTheValidLines() {
        Random rnd = new Random(Seeds.fixed("LineDecoderFuzzTest", 20261127L));
        for (int round = 0; round < 3000; round++) {
            List<String> lines = new ArrayList<>();
            int n = rnd.nextInt(12);
            for (int i = 0; i < n; i++) {
                StringBuilder sb = new StringBuilder();
                int pieces = rnd.nextInt(rnd.nextBoolean() ? 8 : 30);
                for (int p = 0; p < pieces; p++) {
                    sb.append(PIECES[rnd.nextInt(PIECES.length)]);
                }
                lines.add(sb.toString());
            }
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            List<String> expected = new ArrayList<>();
            int tooLong = 0;
            for (String l : lines) {
                byte[] b = l.getBytes(StandardCharsets.UTF_8);
                all.writeBytes(b);
                all.write('\n');
                if (b.length > MAX) {
                    tooLong++;
                } else {
                    expected.add(l);
                }
            }
            byte[] stream = all.toByteArray();
            List<String> got = new ArrayList<>();
            int[] gotTooLong = {0};
            LineDecoder d = new LineDecoder(MAX);
            LineDecoder.Sink sink = new LineDecoder.Sink() {
                @Override
                public void line(byte[] buf, int off, int len) {
                    got.add(new String(buf, off, len, StandardCharsets.UTF_8));
                }

                @Override
                public void tooLong() {
                    gotTooLong[0]++;
                }
            };
            int pos = 0;
            while (pos < stream.length) {
                int chunk = Math.min(stream.length - pos, 1 + rnd.nextInt(rnd.nextBoolean() ? 4 : 64));
                // feed from an offset inside a bigger array, as the real reader does with its buffer
                byte[] buf = new byte[chunk + 7];
                Arrays.fill(buf, (byte) '\n');
                System.arraycopy(stream, pos, buf, 3, chunk);
                d.feed(buf, 3, chunk, sink);
                pos += chunk;
            }
            assertThat(got).as("round %d", round).isEqualTo(expected);
            assertThat(gotTooLong[0]).as("round %d too long", round).isEqualTo(tooLong);
            assertThat(d.midLine()).isFalse();
        }
    }

    @Test
    void aLastLineWithoutNewlineIsDeliveredAtTheEnd() {
        LineDecoder d = new LineDecoder(MAX);
        List<String> got = new ArrayList<>();
        LineDecoder.Sink sink = new LineDecoder.Sink() {
            @Override
            public void line(byte[] buf, int off, int len) {
                got.add(new String(buf, off, len, StandardCharsets.UTF_8));
            }

            @Override
            public void tooLong() {
                got.add("TOO LONG");
            }
        };
        byte[] b = "one\ntwo".getBytes(StandardCharsets.UTF_8);
        d.feed(b, 0, b.length, sink);
        assertThat(got).containsExactly("one");
        d.finish(sink);
        assertThat(got).containsExactly("one", "two");
    }
}
