package dev.engram.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.cli.Main;
import dev.engram.convey.Passwords;
import dev.engram.journal.Journal;
import dev.engram.testing.Browser;
import dev.engram.testing.UsesBrowser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The whole path a user sees: {@code engram callosum send} on the command line, through the bus and the service's
 * bus client, to the Live app in a logged-in browser.
 */
@UsesBrowser
class LiveEndToEndTest {
    private static final String PASSWORD = "live end to end";

    @TempDir
    Path tmp;

    @Test
    void anEventSentWithTheCliAppearsInTheLiveApp() throws IOException {
        Journal journal = Journal.create(tmp.resolve("journal"), "Owner");
        Passwords.set(journal, PASSWORD.toCharArray());
        Path sockets = Files.createTempDirectory(Path.of("/tmp"), "e2e");
        Path socket = sockets.resolve("bus.sock");
        try (Browser browser = Browser.start()) {
            Engram engram = Engram.start(new EngramOptions(journal.root(), "127.0.0.1", 0, Optional.of(socket)));
            try {
                browser.logIn(engram.url(), PASSWORD);
                browser.open(engram.url() + "/app/live/");
                browser.await(d -> d.findElement(By.id("live-status")).getAttribute("class").contains("connected"));

                StringWriter err = new StringWriter();
                int code = Main.run(new String[] {"callosum", "send", "--socket", socket.toString(), "observe",
                    "observed", "day=20261127", "segment=101500_300"}, new PrintWriter(new StringWriter()),
                        new PrintWriter(err));
                assertThat(code).as(err.toString()).isZero();

                By rows = By.cssSelector("#lv-events li.lv-event");
                // other events (the supervisor's status) may come first: wait for the one sent
                browser.await(d -> d.findElements(rows).stream().anyMatch(e -> e.getText().contains("observed")));
                List<String> texts = browser.driver.findElements(rows).stream().map(e -> e.getText()).toList();
                assertThat(texts).anySatisfy(row -> assertThat(row).contains("observe").contains("observed"));
            } finally {
                engram.close();
            }
        } finally {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(sockets);
        }
    }
}
