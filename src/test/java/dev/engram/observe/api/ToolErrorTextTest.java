package dev.engram.observe.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A tool's stderr as the owner reads it in an error (what ffprobe 5.1 prints for a file that is not a video). */
class ToolErrorTextTest {
    private static final List<String> FFPROBE = List.of("ffprobe", "-v", "error", "-i",
            "/home/ada/journal/20240101/090000_300/screen.webm");

    @Test
    void contextPrefixesAndTheCommandsPathsGoWhitespaceFolds() {
        String stderr = "[matroska,webm @ 0x55c3871a6800] EBML header parsing failed\n"
                + "/home/ada/journal/20240101/090000_300/screen.webm: Invalid data found when processing input\n";
        assertThat(new ToolErrorText(stderr, FFPROBE).shown(300))
                .isEqualTo("EBML header parsing failed screen.webm: Invalid data found when processing input");
    }

    @Test
    void pathsOutsideTheCommandAndOtherBracketsStay() {
        String stderr = "[error] cannot open /etc/fonts/x.conf\t[h264 @ 0xABC] bad\n";
        assertThat(new ToolErrorText(stderr, FFPROBE).shown(300)).isEqualTo("[error] cannot open /etc/fonts/x.conf bad");
    }

    @Test
    void theEndIsKeptWhenTooLongAndNothingSaysSo() {
        assertThat(new ToolErrorText("x".repeat(50) + " the cause", FFPROBE).shown(9)).isEqualTo("…the cause");
        assertThat(new ToolErrorText(" \n", FFPROBE).shown(9)).isEqualTo("no error output");
        assertThat(new ToolErrorText(null, List.of("tesseract")).shown(9)).isEqualTo("no error output");
    }
}
