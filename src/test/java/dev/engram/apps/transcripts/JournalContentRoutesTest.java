package dev.engram.apps.transcripts;

import static dev.engram.apps.support.Checks.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.apps.support.AppServer;
import dev.engram.apps.support.TestJournal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Journal content that once made the server answer 500, over real HTTP: unparsable utterance starts, an unreadable
 * todos file (a symbolic-link loop fails to read even as root), and a day key with year 0.
 */
class JournalContentRoutesTest {
    @TempDir
    Path dir;

    @Test
    void utteranceStartsThatOverflowAreShownWithoutATimeAndAWarning() throws Exception {
        try (AppServer server = new AppServer(dir, true)) {
            Path audio = server.journal.root().resolve(TestJournal.DAY).resolve(TestJournal.SEGMENT)
                    .resolve("audio.jsonl");
            Files.writeString(audio, """
                    {"start": "9223372036854775807:00:00", "text": "overflow"}
                    {"start": "9000000000000:00:00", "text": "past any date"}
                    """, StandardOpenOption.APPEND);
            JsonNode seg = ok(server.client().get("/app/transcripts/api/segment/" + TestJournal.DAY + "/"
                    + TestJournal.SEGMENT));
            JsonNode lines = seg.path("audio").get(0).path("utterances");
            assertThat(lines.get(0).path("time").asString()).isEqualTo("09:30:05");
            assertThat(lines.get(2).path("text").asString()).isEqualTo("overflow");
            assertThat(lines.get(2).path("time").asString()).isEmpty();
            assertThat(lines.get(3).path("time").asString()).isEmpty();
            assertThat(seg.path("warnings").toString()).contains("20240315/093000_300/audio.jsonl",
                    "is not a time offset HH:MM:SS");
        }
    }

    @Test
    void anUnreadableTodosFileLeavesTheRestOfTheHomeDayWithAWarning() throws Exception {
        try (AppServer server = new AppServer(dir, true)) {
            Path todos = server.journal.root().resolve("facets/work/todos/" + TestJournal.DAY + ".jsonl");
            Files.delete(todos);
            Files.createSymbolicLink(todos, todos.getFileName());
            JsonNode day = ok(server.client().get("/app/home/api/day/" + TestJournal.DAY));
            assertThat(day.path("events").size()).isEqualTo(1);
            assertThat(day.path("warnings").toString()).contains("facets/work/todos/20240315.jsonl",
                    "skipped: cannot read");
        }
    }

    @Test
    void aDayWithYearZeroIsAnInvalidDay() { // the shell answers an HTML page with the invalid_day message
        try (AppServer server = new AppServer(dir, true)) {
            HttpResponse<String> r = server.client().get("/app/home/00000101");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(r.body()).contains("invalid day '00000101'");
            assertThat(server.client().get("/app/home/99990101").statusCode()).isEqualTo(400);
        }
    }
}
