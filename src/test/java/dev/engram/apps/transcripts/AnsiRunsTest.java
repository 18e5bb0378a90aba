package dev.engram.apps.transcripts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.apps.transcripts.AnsiRuns.Run;
import org.junit.jupiter.api.Test;

/** SGR colours become classed runs of plain text; every other escape and control character is dropped. */
class AnsiRunsTest {
    @Test
    void coloursAndAttributesBecomeClasses() {
        assertThat(AnsiRuns.of("\u001B[1;32muser@host\u001B[0m:\u001B[1;34m~/src\u001B[0m$ ls")).containsExactly(
                new Run("user@host", "ansi-fg-2 ansi-bold"), new Run(":", ""),
                new Run("~/src", "ansi-fg-4 ansi-bold"), new Run("$ ls", ""));
        assertThat(AnsiRuns.of("\u001B[91;44mhot\u001B[39m cold\u001B[49;3;4;7m x\u001B[m"))
                .containsExactly(new Run("hot", "ansi-fg-9 ansi-bg-4"), new Run(" cold", "ansi-bg-4"),
                        new Run(" x", "ansi-italic ansi-underline ansi-inverse"));
        assertThat(AnsiRuns.of("\u001B[38;5;3ma\u001B[38;5;200mb\u001B[38;2;1;2;3mc\u001B[48;5;12md"))
                .containsExactly(new Run("a", "ansi-fg-3"), new Run("bc", ""), new Run("d", "ansi-bg-12"));
        assertThat(AnsiRuns.of("\u001B[2mdim\u001B[22mnormal")).containsExactly(new Run("dim", "ansi-dim"),
                new Run("normal", ""));
    }

    @Test
    void markupStaysTextAndOtherEscapesAndControlsAreDropped() {
        assertThat(AnsiRuns.of("<img src=x onerror=alert(1)>\u001B[31m&amp;</b>")).containsExactly(
                new Run("<img src=x onerror=alert(1)>", ""), new Run("&amp;</b>", "ansi-fg-1"));
        assertThat(AnsiRuns.of("a\u001B]0;title\u0007b\u001B[2J\u001B[Hc\u001B(Bd\u0000\u0008e\r\nf\tg"))
                .containsExactly(new Run("abcde\nf\tg", ""));
        assertThat(AnsiRuns.of("cut\u001B[31")).containsExactly(new Run("cut", ""));
        assertThat(AnsiRuns.of("\u001B[999999999999m x \u001B[38;5m y")).containsExactly(new Run(" x  y", ""));
        assertThat(AnsiRuns.of("")).isEmpty();
    }
}
