package dev.engram.callosum;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** The bench harness itself counts correctly (no timing is asserted). */
@Isolated("floods the bus from several threads; the stalled-reader case depends on the other readers keeping pace")
class CallosumBenchTest {
    @Test
    void aSmallUnpacedRunDeliversEverythingToEveryReceiver() {
        CallosumBench.Result r = CallosumBench.run(new CallosumBench.Options(2, 2, 200, 3000, 0, false, 256));
        assertThat(r.messagesIn()).isEqualTo(6000);
        assertThat(r.expected()).isEqualTo(12000);
        assertThat(r.received()).isEqualTo(12000);
        assertThat(r.lost()).isZero();
        assertThat(r.gaps()).isZero();
        assertThat(r.p50Micros()).isPositive().isLessThanOrEqualTo(r.p99Micros());
    }

    @Test
    void aPacedRunWithAStalledReaderStillDeliversToTheOthers() {
        CallosumBench.Result r = CallosumBench.run(new CallosumBench.Options(1, 2, 1000, 2000, 20000, true, 256));
        assertThat(r.received()).isEqualTo(4000);
        assertThat(r.server().clientsAccepted()).isEqualTo(4);
    }

    @Test
    void aSlowReaderOutsideTheWindowStillSeesEverySequenceNumber() {
        // more messages than the 16384 a client queue holds, through a reader taking ~4 MB/s: flow control, not loss
        CallosumBench.Result r = CallosumBench.run(new CallosumBench.Options(1, 2, 200, 20000, 0, false, 256, 0, 20000));
        assertThat(r.slowReceived()).isEqualTo(20000);
        assertThat(r.received()).isEqualTo(60000);
        assertThat(r.lost()).isZero();
        assertThat(r.gaps()).isZero();
        assertThat(r.server().clientsDropped()).isZero();
    }
}
