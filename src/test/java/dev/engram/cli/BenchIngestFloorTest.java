package dev.engram.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code engram bench ingest --floor-only} with a tiny count: the three floors (raw fsynced writes; the bench clients over
 * real HTTP against the bare handler as a Javalin route and as a Jetty core handler) run, every upload is answered ok, and each prints its rate, percentiles and CPU.
 * No bound on the numbers: this machine's load decides them (docs/benchmarks.md holds the harness's results).
 */
class BenchIngestFloorTest {
    @Test
    void everyFloorUploadsEverythingWithoutErrors() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"bench", "ingest", "--floor-only", "--clients", "2", "--uploads", "6",
                "--warmup-ms", "0", "--warmup-uploads", "4", "--audio-kib", "20", "--screen-kib", "4"},
                new PrintWriter(out, true), new PrintWriter(err, true));
        String text = out.toString();
        assertThat(code).as(text + err).isZero();
        Matcher m = Pattern.compile("\\((a|b|c)\\) .*?([0-9]+) uploads/s; p50 +[0-9.]+ / p99 +[0-9.]+ ms; CPU [0-9.]+ ms"
                + " per upload .*; ([0-9]+) errors").matcher(text);
        int lines = 0;
        while (m.find()) {
            lines++;
            assertThat(Long.parseLong(m.group(2))).as(text).isPositive();
            assertThat(m.group(3)).as(text).isEqualTo("0");
        }
        assertThat(lines).as(text).isEqualTo(3);
    }
}
