package dev.engram.apps.imports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.apps.support.AppServer;
import dev.engram.journal.JournalConfig;
import dev.engram.testing.Browser;
import dev.engram.testing.SpawnsProcesses;
import dev.engram.testing.UsesBrowser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * Audio imports in a real browser, transcribed by a local server speaking the OpenAI transcription wire format that
 * answers when the test says: a failed import's reason is said once; the status line follows an import that goes on
 * in the background to its end.
 */
@UsesBrowser
@SpawnsProcesses
class ImportsMediaBrowserTest {
    @TempDir
    Path dir;
    ImportsServer server;
    MockWebServer provider;
    Browser browser;
    /** The provider's next answers, in order; a request waits (up to a minute) until the test gives one. */
    final BlockingQueue<MockResponse> answers = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws Exception {
        server = new ImportsServer(dir.resolve("journal"));
        provider = new MockWebServer();
        provider.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                MockResponse r = answers.poll(60, TimeUnit.SECONDS);
                return r != null ? r : new MockResponse.Builder().code(503).body("the test gave no answer").build();
            }
        });
        provider.start();
        server.journal.updateConfig(c -> new JournalConfig(c.identity(), c.convey(), c.extra().with("sense",
                Map.of("transcribe", Map.of("base_url", provider.url("/v1").toString(), "model", "whisper-1")))));
        browser = Browser.start(1280, 900);
        browser.logIn(server.url, AppServer.PASSWORD);
        browser.open(server.url + "/app/imports");
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.close();
        }
        for (int i = 0; i < 10; i++) { // no request stays waiting
            answers.add(new MockResponse.Builder().code(503).build());
        }
        server.close();
        provider.close();
    }

    /** Two seconds of a sine at {@code hz} (ffmpeg): one transcription window; another tone is another file. */
    private Path tone(String name, int hz) throws Exception {
        Path f = dir.resolve(name);
        Process p = new ProcessBuilder("ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i",
                "sine=frequency=" + hz + ":sample_rate=8000:duration=2", "-ac", "1", f.toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(Files.size(f)).isPositive();
        return f;
    }

    private static MockResponse refused() {
        return new MockResponse.Builder().code(400).setHeader("Content-Type", "application/json")
                .body("{\"error\":{\"message\":\"unsupported audio\"}}").build();
    }

    private static MockResponse transcript(String text) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body("{\"text\":\"" + text + "\",\"segments\":[{\"start\":0.0,\"end\":1.0,\"text\":\"" + text
                        + "\"}]}").build();
    }

    private void upload(Path file) {
        browser.visible(By.id("im-file")).sendKeys(file.toString());
        browser.visible(By.id("im-submit")).click();
    }

    private String statusLine() {
        return browser.find("#im-status").getText();
    }

    @Test
    void aFailedImportSaysWhyOnce() throws Exception {
        answers.add(refused());
        upload(tone("memo.mp3", 440));
        browser.await(d -> statusLine().contains("answered 400"));
        String said = statusLine();
        assertThat(said).startsWith("The import ").contains("the transcription endpoint", "unsupported audio");
        assertThat(said.split("failed", -1)).as(said).hasSize(2); // "failed" once
        assertThat(browser.find("#im-status").getDomAttribute("class")).contains("im-error");
    }

    @Test
    void theStatusLineFollowsABackgroundImportToItsEnd() throws Exception {
        upload(tone("long.mp3", 550)); // no answer yet: after 2 s it goes on in the background
        browser.await(d -> statusLine().contains("in the background"));
        String id = statusLine().replaceAll("^Importing (\\S+) in the background.*$", "$1");
        answers.add(transcript("Hello there"));
        browser.await(d -> statusLine().equals("Imported as " + id + " (1 segment)."));
        assertThat(browser.find("#im-status").getDomAttribute("class")).contains("im-ok");

        upload(tone("other.mp3", 660));
        browser.await(d -> statusLine().contains("in the background"));
        String second = statusLine().replaceAll("^Importing (\\S+) in the background.*$", "$1");
        answers.add(refused());
        browser.await(d -> statusLine().contains("answered 400"));
        assertThat(statusLine()).startsWith("The import " + second + " failed: the transcription endpoint")
                .contains("unsupported audio");
        assertThat(browser.find("#im-status").getDomAttribute("class")).contains("im-error");
    }
}
