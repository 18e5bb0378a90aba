package dev.engram.apps.observers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The streaming multipart reader against random bodies: file contents full of near-delimiters (CRLF, "--", prefixes of
 * the delimiter, the boundary without its CRLF), read back in random-sized pieces from a stream that returns random
 * short reads. Every part must come back byte for byte.
 */
class MultipartReaderTest {
    @Test
    void randomBodiesWithNearDelimitersComeBackExactly() throws Exception {
        long seed = System.nanoTime();
        System.out.printf("MultipartReaderTest: seed %d%n", seed);
        Random random = new Random(seed);
        for (int round = 0; round < 100; round++) {
            Multipart m = new Multipart();
            byte[] delimiter = ("\r\n--" + m.boundary).getBytes(StandardCharsets.ISO_8859_1);
            List<byte[]> contents = new ArrayList<>();
            int files = 1 + random.nextInt(3);
            m.field("day", "20261130");
            for (int f = 0; f < files; f++) {
                byte[] c = content(random, delimiter);
                while (contains(c, delimiter)) { // pieces may join into the whole delimiter: not a valid body
                    c = content(random, delimiter);
                }
                contents.add(c);
                m.file("f" + f + ".bin", c);
            }
            MultipartReader r = new MultipartReader(new ShortReads(m.body(), random), m.boundary);
            Optional<MultipartReader.Part> day = r.next();
            assertThat(day).isPresent();
            assertThat(day.get().text(100)).as("seed %d round %d", seed, round).isEqualTo("20261130");
            for (byte[] want : contents) {
                Optional<MultipartReader.Part> p = r.next();
                assertThat(p).as("seed %d round %d", seed, round).isPresent();
                assertThat(readInPieces(p.get().content(), random)).as("seed %d round %d", seed, round)
                        .isEqualTo(want);
            }
            assertThat(r.next()).as("seed %d round %d", seed, round).isEmpty();
        }
    }

    @Test
    void reusedBufferSkippedPartsAndLongFieldsReadExactly() throws Exception {
        long seed = System.nanoTime();
        System.out.printf("MultipartReaderTest (reuse): seed %d%n", seed);
        Random random = new Random(seed);
        byte[] reused = new byte[MultipartReader.bufferFor(100)];
        for (int round = 0; round < 50; round++) {
            java.util.Arrays.fill(reused, (byte) '-'); // a pooled buffer's old content must not matter
            Multipart m = new Multipart();
            byte[] delimiter = ("\r\n--" + m.boundary).getBytes(StandardCharsets.ISO_8859_1);
            String field = "x".repeat(random.nextInt(3000)) + "\u00e9";
            byte[] skipped = content(random, delimiter);
            byte[] kept = content(random, delimiter);
            while (contains(skipped, delimiter) || contains(kept, delimiter)) {
                skipped = content(random, delimiter);
                kept = content(random, delimiter);
            }
            m.field("meta", field);
            m.file("skipped.bin", skipped);
            m.file("kept.bin", kept);
            MultipartReader r = new MultipartReader(new ShortReads(m.body(), random), m.boundary, reused);
            assertThat(r.buffer()).isSameAs(reused);
            int bytes = field.getBytes(StandardCharsets.UTF_8).length;
            assertThat(r.next().orElseThrow().text(bytes)).as("seed %d round %d", seed, round).isEqualTo(field);
            assertThat(r.next()).isPresent(); // not read: next() skips it
            assertThat(readInPieces(r.next().orElseThrow().content(), random)).as("seed %d round %d", seed, round)
                    .isEqualTo(kept);
            assertThat(r.next()).isEmpty();
            // one byte over the limit is refused
            MultipartReader tooLong = new MultipartReader(new ShortReads(m.body(), random), m.boundary);
            MultipartReader.Part meta = tooLong.next().orElseThrow();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> meta.text(bytes - 1))
                    .isInstanceOf(MultipartReader.TooLongException.class).hasMessageContaining("longer than");
        }
    }

    /**
     * A file whose closing delimiter is split by the end of the reader's buffer at every offset, read as ingest does:
     * a one-byte peek, then the rest. One-byte reads make the buffer end exactly where its first fill stops (half a
     * buffer into the body); the file's length moves its closing delimiter across that end. What one scan learnt
     * must never hide a delimiter from the next.
     */
    @Test
    void aDelimiterSplitByTheBufferEndAtEveryOffsetIsFound() throws Exception {
        Random random = new Random(7);
        Multipart probe = new Multipart();
        probe.field("day", "20261130");
        probe.file("audio.flac", new byte[0]);
        int delimiter = ("\r\n--" + probe.boundary).length();
        int before = probe.body().length - (delimiter + 4); // the bytes before the file's content
        int firstFill = MultipartReader.BUFFER / 2; // body bytes in the buffer when the file is first read
        for (int end = firstFill - delimiter - 8; end <= firstFill + 8; end++) { // where the file's content ends
            Multipart m = new Multipart();
            int length = end - before;
            byte[] content = new byte[length];
            random.nextBytes(content);
            m.field("day", "20261130");
            m.file("audio.flac", content);
            MultipartReader r = new MultipartReader(new OneByteReads(m.body()), m.boundary);
            assertThat(r.next().orElseThrow().text(100)).isEqualTo("20261130");
            InputStream in = r.next().orElseThrow().content();
            java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
            got.write(in.read());
            got.writeBytes(in.readAllBytes());
            assertThat(got.toByteArray()).as("content of %d bytes", length).isEqualTo(content);
            assertThat(r.next()).as("content of %d bytes", length).isEmpty();
        }
    }

    /** A body delivered one byte per read. */
    private static final class OneByteReads extends InputStream {
        private final ByteArrayInputStream in;

        OneByteReads(byte[] body) {
            this.in = new ByteArrayInputStream(body);
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return in.read(b, off, Math.min(len, 1));
        }
    }

    /** Random bytes, text and pieces of the delimiter (never the whole delimiter). */
    private static byte[] content(Random random, byte[] delimiter) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int pieces = random.nextInt(40);
        for (int i = 0; i < pieces; i++) {
            switch (random.nextInt(5)) {
                case 0 -> out.write(delimiter, 0, 1 + random.nextInt(delimiter.length - 1)); // a prefix
                case 1 -> out.write(delimiter, 2, delimiter.length - 2); // "--boundary" without its CRLF
                case 2 -> out.writeBytes("\r\n-\r\n--\r\r\n".getBytes(StandardCharsets.ISO_8859_1));
                case 3 -> {
                    byte[] b = new byte[random.nextInt(50_000)];
                    random.nextBytes(b);
                    out.writeBytes(b);
                }
                default -> out.write(delimiter, 1 + random.nextInt(delimiter.length - 1),
                        random.nextInt(2)); // single bytes of the delimiter's tail
            }
        }
        return out.toByteArray();
    }

    private static boolean contains(byte[] c, byte[] d) {
        for (int i = 0; i + d.length <= c.length; i++) {
            if (java.util.Arrays.equals(c, i, i + d.length, d, 0, d.length)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] readInPieces(InputStream in, Random random) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[70_000];
        while (true) {
            int n = in.read(buf, 0, 1 + random.nextInt(buf.length - 1));
            if (n < 0) {
                return out.toByteArray();
            }
            out.write(buf, 0, n);
        }
    }

    /** A body delivered in random short reads, as a socket does. */
    private static final class ShortReads extends InputStream {
        private final ByteArrayInputStream in;
        private final Random random;

        ShortReads(byte[] body, Random random) {
            this.in = new ByteArrayInputStream(body);
            this.random = random;
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return in.read(b, off, Math.min(len, 1 + random.nextInt(20_000)));
        }
    }
}
