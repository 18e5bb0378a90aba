package dev.engram.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The progress of {@code engram index}: a redrawn bar on a terminal, plain lines on a pipe, nothing for JSON. */
class ProgressLineTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final StringWriter text = new StringWriter();

    private ProgressLine line(ProgressLine.Style style) {
        return new ProgressLine(new PrintWriter(text, true), style, "indexing", now::get);
    }

    @Test
    void aBarIsRedrawnInPlaceWithRateAndEtaThenEndedWithANewline() {
        ProgressLine p = line(ProgressLine.Style.BAR);
        p.update(10, 1000); // under a second: nothing yet
        assertThat(text.toString()).isEmpty();
        now.addAndGet(2_000);
        p.update(200, 1000);
        now.addAndGet(50);
        p.update(210, 1000); // too soon after the last draw
        now.addAndGet(2_000);
        p.update(400, 1000);
        p.finish();
        assertThat(text.toString()).isEqualTo(
                "\rindexing [####--------------------] 200/1000  20% 100 files/s ETA 8s "
                        + "\rindexing [#########---------------] 400/1000  40% 99 files/s ETA 6s \n");
    }

    @Test
    void aPipeGetsAPlainLineEveryFiveSecondsAndJsonNothing() {
        ProgressLine p = line(ProgressLine.Style.LINES);
        now.addAndGet(2_000);
        p.update(100, 100_000);
        now.addAndGet(1_000);
        p.update(150, 100_000);
        now.addAndGet(5_000);
        p.update(400, 100_000);
        p.finish();
        assertThat(text.toString()).isEqualTo("indexing: 100 of 100000 files (0%), 50 files/s, ETA 33m18s\n"
                + "indexing: 400 of 100000 files (0%), 50 files/s, ETA 33m12s\n");
        ProgressLine none = line(ProgressLine.Style.NONE);
        now.addAndGet(10_000);
        none.update(1, 2);
        none.finish();
        assertThat(text.toString()).doesNotContain("1 of 2");
        assertThat(ProgressLine.auto(true)).isEqualTo(ProgressLine.Style.NONE);
        assertThat(ProgressLine.duration(3_725)).isEqualTo("1h02m");
    }
}
