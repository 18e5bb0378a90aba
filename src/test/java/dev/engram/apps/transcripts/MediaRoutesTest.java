package dev.engram.apps.transcripts;

import static dev.engram.apps.support.Checks.error;
import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.apps.support.RoutesTestBase;
import dev.engram.apps.support.TestJournal;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Raw media files with content types and HTTP Range support, and refusal of bad or escaping paths. */
class MediaRoutesTest extends RoutesTestBase {
    static final String AUDIO = "/app/transcripts/media/20240315/093000_300/audio.flac";

    @Test
    void wholeFileWithContentTypeAndAcceptRanges() {
        HttpResponse<byte[]> r = http.getBytes(AUDIO);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("audio/flac");
        assertThat(r.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(r.headers().firstValue("Content-Length")).hasValue(String.valueOf(TestJournal.AUDIO_BYTES));
        assertThat(r.body()).hasSize(TestJournal.AUDIO_BYTES);
        assertThat(r.body()[300]).isEqualTo((byte) (300 % 251));
        HttpResponse<byte[]> video = http.getBytes("/app/transcripts/media/20240315/093000_300/center_DP-1_screen.webm");
        assertThat(video.headers().firstValue("Content-Type")).hasValue("video/webm");
        assertThat(video.body()).containsExactly(0x1a, 0x45, 0xdf, 0xa3);
    }

    @Test
    void rangeAnswers206WithTheRequestedBytes() {
        HttpResponse<byte[]> r = http.getBytes(AUDIO, "Range", "bytes=1000-1099");
        assertThat(r.statusCode()).isEqualTo(206);
        assertThat(r.headers().firstValue("Content-Range")).hasValue("bytes 1000-1099/" + TestJournal.AUDIO_BYTES);
        assertThat(r.body()).hasSize(100);
        for (int i = 0; i < 100; i++) {
            assertThat(r.body()[i]).isEqualTo((byte) ((1000 + i) % 251));
        }
        HttpResponse<byte[]> open = http.getBytes(AUDIO, "Range", "bytes=9990-");
        assertThat(open.statusCode()).isEqualTo(206);
        assertThat(open.headers().firstValue("Content-Range")).hasValue("bytes 9990-9999/10000");
        assertThat(open.body()).hasSize(10);
        HttpResponse<byte[]> suffix = http.getBytes(AUDIO, "Range", "bytes=-4");
        assertThat(suffix.statusCode()).isEqualTo(206);
        assertThat(suffix.headers().firstValue("Content-Range")).hasValue("bytes 9996-9999/10000");
        assertThat(suffix.body()[3]).isEqualTo((byte) (9999 % 251));
        HttpResponse<byte[]> pastEnd = http.getBytes(AUDIO, "Range", "bytes=9000-20000");
        assertThat(pastEnd.headers().firstValue("Content-Range")).hasValue("bytes 9000-9999/10000");
        assertThat(pastEnd.body()).hasSize(1000);
    }

    @Test
    void rangeNumbersBeyondTheFileAreCappedNot416() {
        HttpResponse<byte[]> huge = http.getBytes(AUDIO, "Range", "bytes=0-9223372036854775807");
        assertThat(huge.statusCode()).isEqualTo(206);
        assertThat(huge.headers().firstValue("Content-Range")).hasValue("bytes 0-9999/10000");
        assertThat(huge.body()).hasSize(TestJournal.AUDIO_BYTES);
        HttpResponse<byte[]> suffix = http.getBytes(AUDIO, "Range", "bytes=-99999999999999999999");
        assertThat(suffix.statusCode()).isEqualTo(206);
        assertThat(suffix.headers().firstValue("Content-Range")).hasValue("bytes 0-9999/10000");
        assertThat(suffix.body()).hasSize(TestJournal.AUDIO_BYTES);
        HttpResponse<byte[]> zeros = http.getBytes(AUDIO, "Range", "bytes=00000000000000000000100-0000000000000000000199");
        assertThat(zeros.statusCode()).isEqualTo(206);
        assertThat(zeros.headers().firstValue("Content-Range")).hasValue("bytes 100-199/10000");
        assertThat(zeros.body()[0]).isEqualTo((byte) (100 % 251));
    }

    @Test
    void unsatisfiableRangeIs416() {
        HttpResponse<byte[]> r = http.getBytes(AUDIO, "Range", "bytes=10000-10010");
        assertThat(r.statusCode()).isEqualTo(416);
        assertThat(r.headers().firstValue("Content-Range")).hasValue("bytes */10000");
        assertThat(http.getBytes(AUDIO, "Range", "bytes=-0").statusCode()).isEqualTo(416);
    }

    @Test
    void missingFileOrSegmentIs404() {
        assertThat(http.get("/app/transcripts/media/20240315/093000_300/nothing.flac").statusCode()).isEqualTo(404);
        assertThat(http.get("/app/transcripts/media/20240315/120000_300/audio.flac").statusCode()).isEqualTo(404);
    }

    @Test
    void aSymbolicLinkInASegmentIsNotFollowed() throws IOException {
        Path segment = server.journal.root().resolve("20240315/093000_300");
        Files.createSymbolicLink(segment.resolve("link.flac"),
                server.journal.root().resolve("config/journal.json"));
        assertThat(http.get("/app/transcripts/media/20240315/093000_300/link.flac").statusCode()).isEqualTo(404);
        assertThat(http.getBytes(AUDIO).statusCode()).isEqualTo(200);
    }

    @Test
    void pathPartsAreValidatedAndCannotEscapeTheSegment() {
        error(http.get("/app/transcripts/media/20240315/093000_300/..%2F..%2F..%2Fconfig%2Fjournal.json",
                "Accept", "application/json"), 400, "invalid_file");
        error(http.get("/app/transcripts/media/20240315/093000_300/.hidden", "Accept", "application/json"),
                400, "invalid_file");
        error(http.get("/app/transcripts/media/20240315/..%2F..%2Fetc/passwd", "Accept", "application/json"),
                400, "invalid_segment");
        error(http.get("/app/transcripts/media/..%2Fconfig/093000_300/audio.flac", "Accept", "application/json"),
                400, "invalid_day");
        assertThat(http.get("/app/transcripts/media/20240315/093000_300/..%2F..%2F..%2Fconfig%2Fjournal.json")
                .body()).doesNotContain("password");
    }
}
