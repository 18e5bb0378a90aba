package dev.engram.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.journal.Journal;
import dev.engram.testing.HttpSession;
import dev.engram.testing.ReferenceFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Engram on a copy of the reference system's own journal: its legacy plaintext password logs in (and is replaced by
 * a hash), and the transcripts app shows both its segments with their transcripts and screen extracts.
 */
class ReferenceJournalTest {
    @TempDir
    Path tmp;

    @Test
    void servesTheReferenceJournal() throws Exception {
        Path root = ReferenceFixture.copyTo(tmp.resolve("journal"));
        String legacyPassword = Journal.open(root).config().convey().password().orElseThrow();
        Path sockets = Files.createTempDirectory(Path.of("/tmp"), "ref");
        Engram engram = Engram.start(new EngramOptions(root, "127.0.0.1", 0, Optional.of(sockets.resolve("b.sock"))));
        try {
            HttpSession http = new HttpSession(engram.url()).login(legacyPassword);
            String config = Files.readString(root.resolve("config/journal.json"));
            assertThat(config).contains("password_hash").doesNotContain("\"" + legacyPassword + "\"");

            assertThat(http.get("/app/transcripts/api/day/20240101").body()).contains("123456_300");
            assertThat(http.get("/app/transcripts/api/day/20240102").body()).contains("234567_300");
            String first = http.get("/app/transcripts/api/segment/20240101/123456_300").body();
            assertThat(first).contains("finalize the authentication module").contains("Terminal running pytest");
            String second = http.get("/app/transcripts/api/segment/20240102/234567_300").body();
            assertThat(second).contains("token expiration").contains("Docker logs");
            assertThat(http.get("/app/transcripts/20240101").statusCode()).isEqualTo(200);
            assertThat(http.get("/app/home/api/day/20240101").body()).contains("Team standup");
        } finally {
            engram.close();
            Files.deleteIfExists(sockets);
        }
    }
}
