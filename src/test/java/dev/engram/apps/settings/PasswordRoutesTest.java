package dev.engram.apps.settings;

import static dev.engram.apps.support.Checks.error;
import static dev.engram.apps.support.Checks.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.apps.support.AppServer;
import dev.engram.convey.Passwords;
import dev.engram.journal.ActionLogEntry;
import dev.engram.journal.Day;
import dev.engram.testing.HttpSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Password change: needs the current password, stores only a hash, logs without secrets. */
class PasswordRoutesTest {
    @TempDir
    Path dir;

    @Test
    void changesThePasswordAndLogsNoSecret() throws Exception {
        try (AppServer server = new AppServer(dir)) {
            HttpSession http = server.client();
            error(http.send("POST", "/app/settings/api/password",
                    "{\"current\": \"wrong one\", \"new\": \"brand new secret\"}"), 403, "wrong_password");
            error(http.send("POST", "/app/settings/api/password",
                    "{\"current\": \"" + AppServer.PASSWORD + "\", \"new\": \"short\"}"), 400, "weak_password");
            error(http.send("POST", "/app/settings/api/password", "{\"new\": \"brand new secret\"}"), 400,
                    "invalid_field");
            assertThat(Passwords.verify(AppServer.PASSWORD.toCharArray(),
                    server.journal.config().convey().passwordHash().orElseThrow())).isTrue();

            ok(http.send("POST", "/app/settings/api/password",
                    "{\"current\": \"" + AppServer.PASSWORD + "\", \"new\": \"brand new secret\"}"));
            String hash = server.journal.config().convey().passwordHash().orElseThrow();
            assertThat(Passwords.verify("brand new secret".toCharArray(), hash)).isTrue();
            assertThat(Passwords.verify(AppServer.PASSWORD.toCharArray(), hash)).isFalse();
            List<ActionLogEntry> log = server.journal.actions().read(new Day(LocalDate.now()));
            assertThat(log).extracting(ActionLogEntry::action).containsExactly("password_change");
            assertThat(log.getFirst().params().isEmpty()).isTrue();
            String onDisk = Files.readString(dir.resolve("config/actions/" + new Day(LocalDate.now()).key() + ".jsonl"));
            assertThat(onDisk).doesNotContain("brand new secret", AppServer.PASSWORD);
            assertThat(Files.readString(dir.resolve("config/journal.json"))).doesNotContain("brand new secret");

            // The new password ends every session, this one too; the new password logs in.
            error(http.get("/app/settings/api/identity"), 401, "auth_required");
            assertThat(server.anonymous().login("brand new secret").get("/app/settings/api/identity").statusCode())
                    .isEqualTo(200);
        }
    }
}
