package dev.engram.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * {@code engram bench ingest} with tiny counts against a whole Engram: the warm-up, a settle round, the timed uploads
 * (every one answered ok) and the backlog after them (sense and the index catch up) are printed. No bound on the
 * numbers: this machine's load decides them (docs/benchmarks.md holds the harness's results).
 */
class BenchIngestCommandTest {
    @Test
    void aSmallRunUploadsEverythingSettlesAndDrains() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"bench", "ingest", "--clients", "2", "--uploads", "6", "--warmup-ms", "0",
                "--warmup-uploads", "4", "--settle-rounds", "1", "--audio-kib", "20", "--screen-kib", "4"},
                new PrintWriter(out, true), new PrintWriter(err, true));
        String text = out.toString();
        assertThat(code).as(text + err).isZero();
        assertThat(text).containsPattern("settle round 1: [0-9]+ uploads/s, C2 [0-9.]+ ms per upload")
                .containsPattern("12 uploads in [0-9.]+ s: [0-9]+ uploads/s; .*; 0 errors")
                .containsPattern("backlog after the burst: sensed after [0-9.]+ s .*keyword-indexed after [0-9.]+ s");
    }

    @Test
    void theBigModeStreamsEachUploadWholeAndReportsThePeakRss() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"bench", "ingest", "--big", "--clients", "2", "--big-mb", "3"},
                new PrintWriter(out, true), new PrintWriter(err, true));
        String text = out.toString();
        assertThat(code).as(text + err).isZero();
        assertThat(text).containsPattern("2 uploads, 0 errors, [0-9.]+ s \\([0-9]+ MB/s\\), RSS before [0-9]+ MB, peak"
                + " [0-9]+ MB");
    }

    @Test
    void aNegativeSettleRoundCountIsAOneLineUsageError() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"bench", "ingest", "--settle-rounds", "-1"}, new PrintWriter(out, true),
                new PrintWriter(err, true));
        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("--settle-rounds 0 or more");
    }
}
