package dev.engram.apps.imports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.apps.support.AppServer;
import dev.engram.testing.Browser;
import dev.engram.testing.UsesBrowser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/** The Imports page in a real browser: upload a transcript, see it listed as done, follow a segment to Transcripts. */
@UsesBrowser
class ImportsBrowserTest {
    @TempDir
    Path dir;

    @Test
    void uploadAListAndOpenASegment() throws Exception {
        Path file = dir.resolve("kickoff.md");
        Files.writeString(file, "# Kickoff\n[14:00] Ada: Welcome to the <b>kickoff</b>.\n[14:20] Grace: Questions?\n");
        try (ImportsServer server = new ImportsServer(dir.resolve("journal"));
             Browser b = Browser.start(1280, 900)) {
            b.logIn(server.url, AppServer.PASSWORD);
            b.open(server.url + "/app/imports");
            b.await(ExpectedConditions.textToBePresentInElementLocated(By.id("im-list"), "Nothing imported yet"));
            b.visible(By.id("im-file")).sendKeys(file.toString());
            b.js("document.getElementById('im-when').value = '2024-06-03T14:00:00'");
            new Select(b.visible(By.id("im-facet"))).selectByValue("work");
            b.visible(By.id("im-submit")).click();
            b.await(ExpectedConditions.textToBePresentInElementLocated(By.id("im-status"), "Imported as"));
            b.await(ExpectedConditions.textToBePresentInElementLocated(By.id("im-list"), "kickoff.md"));
            String item = b.find("#im-list .im-item").getText();
            assertThat(item).contains("done", "2 segments", "transcript", "facet work");
            assertThat(b.driver.findElements(By.cssSelector("#im-list .im-seg"))).hasSize(2);
            // the segments' and the card's times in the same locale format (the shared helpers)
            assertThat(b.find("#im-list .im-seg").getText()).isEqualTo(b.js(
                    "return engram.formatDateTime(new Date(2024, 5, 3, 14, 0, 0))"));
            String created = server.journal.imports().record("20240603_140000").orElseThrow()
                    .path("upload_datetime").asString();
            assertThat(b.find("#im-list .im-meta").getText()).endsWith((String) b.js(
                    "return engram.formatDateTime(new Date(arguments[0]))", created));
            assertThat(b.screenshot(Browser.SCREENSHOTS.resolve("imports.png"))).isNotEmptyFile();

            // the same file again: nothing added, and the page says so
            b.visible(By.id("im-file")).sendKeys(file.toString());
            b.visible(By.id("im-submit")).click();
            b.await(ExpectedConditions.textToBePresentInElementLocated(By.id("im-status"), "Already imported"));
            assertThat(b.driver.findElements(By.cssSelector("#im-list .im-item"))).hasSize(1);

            // no start given: the content starts at the file's modification time, which the page sends
            Path old = dir.resolve("memo.txt");
            Files.writeString(old, "A memo without times.\n");
            Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.from(java.time.LocalDateTime.of(2023, 2, 1,
                    10, 0).atZone(java.time.ZoneId.systemDefault()).toInstant()));
            b.js("document.getElementById('im-when').value = ''");
            b.visible(By.id("im-file")).sendKeys(old.toString());
            b.visible(By.id("im-submit")).click();
            b.await(ExpectedConditions.textToBePresentInElementLocated(By.id("im-status"),
                    "Imported as 20230201_100000"));

            // the latest import comes first, whatever the time it was recorded at
            b.await(d -> d.findElement(By.cssSelector("#im-list .im-item")).getText().contains("memo.txt"));
            b.find("#im-list .im-item[data-id^='20240603'] .im-seg").click();
            b.await(ExpectedConditions.textToBePresentInElementLocated(By.id("tr-segment"), "Welcome to the"));
            assertThat(b.driver.findElement(By.id("tr-segment")).getText()).contains("<b>kickoff</b>", "Kickoff");
            assertThat(b.driver.getCurrentUrl()).contains("/app/transcripts/20240603").contains("segment=140000_60");
        }
    }

    @Test
    void aStartWithAFiveDigitYearIsSaidAndNothingUploaded() throws Exception {
        Path file = dir.resolve("notes.md");
        Files.writeString(file, "[09:30] Ada: Hello.\n");
        try (ImportsServer server = new ImportsServer(dir.resolve("journal"));
             Browser b = Browser.start(1280, 900)) {
            b.logIn(server.url, AppServer.PASSWORD);
            b.open(server.url + "/app/imports");
            b.await(ExpectedConditions.textToBePresentInElementLocated(By.id("im-list"), "Nothing imported yet"));
            b.visible(By.id("im-file")).sendKeys(file.toString());
            b.js("document.getElementById('im-when').value = '20240-01-15T09:30'");
            assertThat(b.find("#im-when").getDomProperty("value")).as("Chromium takes it")
                    .isEqualTo("20240-01-15T09:30");
            b.visible(By.id("im-submit")).click();
            b.await(ExpectedConditions.textToBePresentInElementLocated(By.id("im-status"), "cannot be used"));
            assertThat(b.find("#im-status").getText()).contains("20240-01-15T09:30", "four digits");
            assertThat(b.find("#im-status").getDomAttribute("class")).contains("im-error");
            assertThat(b.driver.switchTo().activeElement().getDomAttribute("id")).isEqualTo("im-when");
            assertThat(server.journal.imports().ids()).isEmpty();
            assertThat(b.find("#im-list").getText()).contains("Nothing imported yet");

            // with the year put right the same form imports at that start
            b.js("document.getElementById('im-when').value = '2024-01-15T09:30'");
            b.visible(By.id("im-submit")).click();
            b.await(ExpectedConditions.textToBePresentInElementLocated(By.id("im-status"),
                    "Imported as 20240115_093000"));
        }
    }

    @Test
    void manySegmentsShowTheFirstFewAndAKeyboardToggleForTheRest() throws Exception {
        StringBuilder text = new StringBuilder("# A long day\n");
        for (int i = 0; i < 24; i++) { // one entry every 5 minutes: 24 segments
            text.append(String.format("[%02d:%02d] Ada: Part %d.%n", 8 + i * 5 / 60, i * 5 % 60, i));
        }
        Path file = dir.resolve("long-day.md");
        Files.writeString(file, text);
        try (ImportsServer server = new ImportsServer(dir.resolve("journal"));
             Browser b = Browser.start(1280, 900)) {
            b.logIn(server.url, AppServer.PASSWORD);
            b.open(server.url + "/app/imports");
            b.visible(By.id("im-file")).sendKeys(file.toString());
            b.js("document.getElementById('im-when').value = '2024-06-03T08:00'");
            b.visible(By.id("im-submit")).click();
            b.await(ExpectedConditions.textToBePresentInElementLocated(By.id("im-list"), "24 segments"));
            By toggle = By.cssSelector("#im-list .im-more-segs");
            b.await(ExpectedConditions.textToBePresentInElementLocated(toggle, "18 more segments"));
            assertThat(shownSegments(b)).isEqualTo(6);
            assertThat(b.find("#im-list .im-more-segs").getDomAttribute("aria-expanded")).isEqualTo("false");
            assertThat(b.find("#im-list .im-more-segs").getDomAttribute("aria-controls"))
                    .isEqualTo(b.find("#im-list .im-segments").getDomAttribute("id"));

            b.js("document.querySelector('#im-list .im-more-segs').focus()");
            b.driver.switchTo().activeElement().sendKeys(org.openqa.selenium.Keys.ENTER);
            b.await(d -> shownSegments(b) == 24);
            assertThat(b.find("#im-list .im-more-segs").getText()).isEqualTo("Show fewer");
            assertThat(b.find("#im-list .im-more-segs").getDomAttribute("aria-expanded")).isEqualTo("true");
            b.driver.switchTo().activeElement().sendKeys(org.openqa.selenium.Keys.SPACE);
            b.await(d -> shownSegments(b) == 6);
            assertThat(b.find("#im-list .im-more-segs").getText()).isEqualTo("18 more segments");
            b.screenshot(Browser.SCREENSHOTS.resolve("imports-segments.png"));
        }
    }

    /** How many segment links of the first import are displayed. */
    private static long shownSegments(Browser b) {
        return b.driver.findElements(By.cssSelector("#im-list .im-item .im-seg")).stream()
                .filter(org.openqa.selenium.WebElement::isDisplayed).count();
    }
}
