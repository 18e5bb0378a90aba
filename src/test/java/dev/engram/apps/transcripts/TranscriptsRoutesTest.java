package dev.engram.apps.transcripts;

import static dev.engram.apps.support.Checks.error;
import static dev.engram.apps.support.Checks.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.apps.support.RoutesTestBase;
import dev.engram.apps.support.TestJournal;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The Transcripts app's day, segment and stats APIs over real HTTP. */
class TranscriptsRoutesTest extends RoutesTestBase {
    @Test
    void dayListsSegmentsWithTimesAndFiles() {
        JsonNode day = ok(http.get("/app/transcripts/api/day/20240315"));
        JsonNode segments = day.path("segments");
        assertThat(segments.size()).isEqualTo(2);
        JsonNode first = segments.get(0);
        assertThat(first.path("key").asString()).isEqualTo("093000_300");
        assertThat(first.path("start").asString()).isEqualTo("09:30:00");
        assertThat(first.path("end").asString()).isEqualTo("09:35:00");
        assertThat(first.path("start_seconds").asInt()).isEqualTo(9 * 3600 + 30 * 60);
        assertThat(first.path("length_seconds").asInt()).isEqualTo(300);
        assertThat(first.path("has_audio").asBoolean()).isTrue();
        assertThat(first.path("has_screen").asBoolean()).isTrue();
        assertThat(first.path("files").toString()).contains("audio.flac", "audio.jsonl", "tmux_main_screen.jsonl");
        assertThat(segments.get(1).path("has_screen").asBoolean()).isFalse();
        assertThat(ok(http.get("/app/transcripts/api/day/20200101")).path("segments").size()).isZero();
    }

    @Test
    void segmentShowsTranscriptAtClockTimesScreensAndStrippedTmux() {
        JsonNode seg = ok(http.get("/app/transcripts/api/segment/20240315/093000_300"));
        JsonNode lines = seg.path("audio").get(0).path("utterances");
        assertThat(lines.get(0).path("time").asString()).isEqualTo("09:30:05");
        assertThat(lines.get(0).path("offset").asString()).isEqualTo("00:00:05");
        assertThat(lines.get(0).path("speaker").asString()).isEqualTo("1");
        assertThat(lines.get(0).path("source").asString()).isEqualTo("mic");
        assertThat(lines.get(1).path("time").asString()).isEqualTo("09:31:10");
        assertThat(lines.get(1).path("text").asString()).isEqualTo("Let's review the <b>roadmap</b>");
        JsonNode screens = seg.path("screens");
        assertThat(screens.size()).isEqualTo(2);
        JsonNode frame = screens.get(0).path("frames").get(0);
        assertThat(frame.path("description").asString()).isEqualTo("Editor showing Main.java");
        assertThat(frame.path("category").asString()).isEqualTo("code");
        assertThat(frame.path("time").asString()).isEqualTo("09:30:12");
        JsonNode tmux = screens.get(1);
        assertThat(tmux.path("tmux").asBoolean()).isTrue();
        String pane = tmux.path("frames").get(0).path("tmux").path("panes").get(0).path("text").asString();
        assertThat(pane).isEqualTo("user@host$ ls -la").doesNotContain("\u001b");
        JsonNode runs = tmux.path("frames").get(0).path("tmux").path("panes").get(0).path("runs");
        assertThat(runs.size()).isEqualTo(2);
        assertThat(runs.get(0).path("text").asString()).isEqualTo("user@host");
        assertThat(runs.get(0).path("classes").asString()).isEqualTo("ansi-fg-2");
        assertThat(runs.get(1).path("text").asString()).isEqualTo("$ ls -la");
        assertThat(runs.get(1).path("classes").asString()).isEmpty();
        JsonNode media = seg.path("media");
        assertThat(media.findValuesAsString("url")).contains(
                "/app/transcripts/media/20240315/093000_300/audio.flac",
                "/app/transcripts/media/20240315/093000_300/center_DP-1_screen.webm");
        assertThat(media.findValuesAsString("content_type")).contains("audio/flac", "video/webm", "image/png");
    }

    @Test
    void monthStatsCountSegmentsPerDay() {
        JsonNode stats = ok(http.get("/app/transcripts/api/stats/202403"));
        assertThat(stats.path("20240315").asInt()).isEqualTo(2);
        assertThat(stats.path("20240316").asInt()).isEqualTo(1);
        error(http.get("/app/transcripts/api/stats/03-2024"), 400, "invalid_month");
    }

    @Test
    void badOrMissingDayAndSegmentAreRefused() {
        error(http.get("/app/transcripts/api/day/yesterday"), 400, "invalid_day");
        error(http.get("/app/transcripts/api/segment/2024031/093000_300"), 400, "invalid_day");
        error(http.get("/app/transcripts/api/segment/20240315/0930"), 400, "invalid_segment");
        error(http.get("/app/transcripts/api/segment/20240315/..%2F..%2Fetc"), 400, "invalid_segment");
        error(http.get("/app/transcripts/api/segment/20240315/%2E%2E"), 400, "invalid_segment");
        error(http.get("/app/transcripts/api/segment/20240315/120000_300"), 404, "unknown_segment");
        error(http.get("/app/transcripts/api/segment/20240316/093000_300"), 404, "unknown_segment");
    }

    @Test
    void workspacePageRenders() {
        var page = http.get("/app/transcripts/" + TestJournal.DAY);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"tr-app\"", "data-day=\"20240315\"", "tr-bar");
    }
}
