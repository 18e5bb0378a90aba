package dev.engram.observe.imports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.observe.imports.MediaStep.Window;
import org.junit.jupiter.api.Test;

/** How media is cut into 5-minute windows, each one segment and one transcription call. */
class MediaWindowsTest {
    @Test
    void aRemainderOfASecondOrLessJoinsTheLastWindow() {
        assertThat(MediaStep.windows(900.05)).containsExactly(new Window(0, 300), new Window(300, 300),
                new Window(600, 301));
        assertThat(MediaStep.windows(901.0)).last().isEqualTo(new Window(600, 301));
        assertThat(MediaStep.windows(901.5)).hasSize(4).last().isEqualTo(new Window(900, 2));
        assertThat(MediaStep.windows(660)).containsExactly(new Window(0, 300), new Window(300, 300),
                new Window(600, 60));
    }

    @Test
    void shortMediaIsOneWindowOfAtLeastASecond() {
        assertThat(MediaStep.windows(300.0)).containsExactly(new Window(0, 300));
        assertThat(MediaStep.windows(0.4)).containsExactly(new Window(0, 1));
        assertThat(MediaStep.windows(1.2)).containsExactly(new Window(0, 2));
    }

    @Test
    void tooLongMediaStopsCountingPastTheLimit() {
        assertThat(MediaStep.windows(1_000_000)).hasSize(MediaStep.MAX_WINDOWS + 1);
    }
}
