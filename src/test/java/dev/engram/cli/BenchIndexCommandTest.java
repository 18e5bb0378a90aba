package dev.engram.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code engram bench index}: the start configuration's phase (what the product method's child runs) on a small demo
 * journal, and its options' errors. No bound on any time: the machine's load decides them (docs/benchmarks.md).
 */
class BenchIndexCommandTest {
    @TempDir
    Path tmp;

    @Test
    void theStartPhaseCatchesUpWithNothingChangedFollowsNewSegmentsAndReportsIdleMemoryTwice() {
        String j = tmp.resolve("j").toString();
        assertThat(run("demo", "--journal", j, "--days", "2", "--segments-per-day", "3", "--seed", "7", "--end",
                "20240105").code()).isZero();
        assertThat(run("index", "--journal", j, "--progress", "none").code()).isZero();
        Result r = run("bench", "index", "--journal", j, "--phase", "start", "--segments", "2", "--embed-sample", "0",
                "--idle-seconds", "0");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).containsPattern("catch-up with nothing changed as `engram start` runs it .*: [1-9]\\d*"
                        + " unchanged, 0 indexed in \\d+ ms \\+ \\d+ ms to open")
                .contains("incremental: 2 new segments, each searchable after p50")
                .contains("idle, index open (service running), right after: RSS")
                .contains("idle, index open, after 0 s idle");
    }

    @Test
    void aBadMethodOrPhaseIsAOneLineUsageError() {
        String j = tmp.resolve("j").toString();
        run("demo", "--journal", j, "--days", "1", "--segments-per-day", "1", "--seed", "7", "--end", "20240105");
        Result method = run("bench", "index", "--journal", j, "--method", "quick");
        assertThat(method.code()).isEqualTo(2);
        assertThat(method.err()).contains("--method must be product or in-process, not 'quick'");
        assertThat(run("bench", "index", "--journal", j, "--phase", "rebuild").err())
                .contains("--phase must be start or bus, not 'rebuild'");
    }

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }
}
