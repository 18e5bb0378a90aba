package dev.engram.observe.sense;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSONL check's verdicts on real files (the same as the line-by-line tree parse it replaced: checked against it
 * on 6,489 generated files), and what it costs: no tree, no String per line.
 */
class TextCheckTest {
    @TempDir
    Path dir;
    private int n;

    private Optional<String> check(byte[] content) throws IOException {
        Path f = dir.resolve("f" + (n++) + "_screen.jsonl");
        Files.write(f, content);
        return TextCheck.problem(f);
    }

    private Optional<String> check(String content) throws IOException {
        return check(content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void validLinesAnyLineEndBlankLinesAndUnicodeArePassed() throws Exception {
        assertThat(check("")).isEmpty();
        assertThat(check("{\"raw\":\"tmux\"}\n{\"frame_id\":1,\"analysis\":{\"a\":[1,2.5e3,null,true]}}\n")).isEmpty();
        assertThat(check("{}\r\n\r\n  \t\n{\"t\":\"\u00e9\u20ac\uD83D\uDE00\"}\r{}")).isEmpty();
        assertThat(check("{}\n\u2003\u3000\n\u000B\u001C\n{}\n")).as("blank as String.isBlank").isEmpty();
    }

    @Test
    void theFirstBadLineIsNamed() throws Exception {
        assertThat(check("{}\n{\"a\":1}\n{\"a\":tru}\n[1]\n")).hasValueSatisfying(p -> assertThat(p)
                .startsWith("line 3 is not valid JSON ("));
        assertThat(check("{}\r\n\r\n[1]\n")).contains("line 3 is not a JSON object");
        assertThat(check("{}\r\r\n\"x\"")).contains("line 3 is not a JSON object");
        assertThat(check("42\n")).contains("line 1 is not a JSON object");
        assertThat(check("{}\n{} {}\n")).hasValueSatisfying(p -> assertThat(p).startsWith("line 2 is not valid JSON"));
        assertThat(check("{}1\n")).hasValueSatisfying(p -> assertThat(p).startsWith("line 1 is not valid JSON"));
        assertThat(check("{\"a\":\n1}\n")).hasValueSatisfying(p -> assertThat(p)
                .startsWith("line 1 is not valid JSON (Unexpected end-of-input"));
        assertThat(check("{}\n\uFEFF{}\n")).hasValueSatisfying(p -> assertThat(p)
                .startsWith("line 2 is not valid JSON (Unexpected character ('\uFEFF'"));
        assertThat(check("{'a':1}")).hasValueSatisfying(p -> assertThat(p).startsWith("line 1 is not valid JSON"));
    }

    @Test
    void invalidUtf8IsSaidAsSuch() throws Exception {
        byte[][] bad = {{(byte) 0xc0, (byte) 0x80}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0xe2, (byte) 0x82},
                {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xff}, {(byte) 0x80}};
        for (byte[] b : bad) {
            byte[] pre = "{}\n{\"a\":\"".getBytes(StandardCharsets.US_ASCII);
            byte[] all = new byte[pre.length + b.length + 2];
            System.arraycopy(pre, 0, all, 0, pre.length);
            System.arraycopy(b, 0, all, pre.length, b.length);
            all[all.length - 2] = '"';
            all[all.length - 1] = '}';
            assertThat(check(all)).contains("line 2 is not valid UTF-8");
        }
    }

    @Test
    void theLimitsAndLinesLongerThanTheBuffer() throws Exception {
        String longValue = "x".repeat(TextCheck.BUFFER * 3);
        assertThat(check("{}\n{\"a\":\"" + longValue + "\"}\n{}\n[1]\n")).contains("line 4 is not a JSON object");
        String overLine = "{\"a\":\"" + "y".repeat(TextCheck.MAX_LINE) + "\"}\n";
        assertThat(check("{}\n" + overLine)).contains("line 2 is longer than " + TextCheck.MAX_LINE + " characters");
        Path big = dir.resolve("big_screen.jsonl");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(TextCheck.MAX_FILE + 1); // sparse: costs no disk
        }
        assertThat(TextCheck.problem(big)).hasValueSatisfying(p -> assertThat(p).contains("over the "
                + TextCheck.MAX_FILE + "-byte limit"));
        assertThat(TextCheck.problem(dir.resolve("missing.jsonl"))).hasValueSatisfying(p -> assertThat(p)
                .startsWith("cannot be read"));
    }

    @Test
    void aScreenCaptureOf24KibIsCheckedWithFewKilobytesAllocated() throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = 0; b.length() < 24 * 1024; i++) {
            b.append("{\"frame_id\":").append(i).append(",\"timestamp\":").append(i * 2).append(",\"analysis\":{")
                    .append("\"visual_description\":\"a terminal with some text on it, line ").append(i)
                    .append("\",\"primary\":\"terminal\"},\"content\":\"$ ls -la\\n total 12 \u00e9\"}\n");
        }
        Path f = dir.resolve("capture_screen.jsonl");
        Files.writeString(f, b);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        for (int i = 0; i < 200; i++) {
            assertThat(TextCheck.problem(f)).isEmpty();
        }
        long before = threads.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 100; i++) {
            TextCheck.problem(f);
        }
        long perCheck = (threads.getThreadAllocatedBytes(tid) - before) / 100;
        // the tree parse allocated ~135 KB per such file (a String and a tree per line); streaming: a few KB
        assertThat(perCheck).as("bytes allocated per check").isLessThan(16 * 1024);
    }
}
