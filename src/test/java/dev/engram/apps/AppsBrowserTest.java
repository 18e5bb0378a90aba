package dev.engram.apps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.apps.support.AppServer;
import dev.engram.apps.support.ProviderSetup;
import dev.engram.callosum.Message;
import dev.engram.testing.Browser;
import dev.engram.testing.UsesBrowser;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The four apps in a real browser against a real server: read a transcript, edit the identity, watch a live event
 * arrive; each test saves a screenshot to target/screenshots/ (bin/screenshots refreshes docs/screenshots/).
 */
@UsesBrowser
class AppsBrowserTest {
    @TempDir
    static Path dir;
    static AppServer server;
    static Browser browser;

    @BeforeAll
    static void start() {
        browser = Browser.start(1280, 900);
        server = new AppServer(dir);
        browser.logIn(server.url, AppServer.PASSWORD);
    }

    /** Opens a page of the server. */
    static void open(String path) {
        browser.open(server.url + path);
    }

    /** Saves target/screenshots/{@code name}.png. */
    static Path screenshot(String name) {
        return browser.screenshot(Browser.SCREENSHOTS.resolve(name + ".png"));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void homeShowsTheDayWithEscapedInsight() {
        open("/app/home/20240315");
        browser.await(ExpectedConditions.textToBePresentInElementLocated(By.id("home-todos"), "Write tests"));
        assertThat(browser.driver.findElement(By.cssSelector("#home-todos .home-facet-group[data-facet=work]")).getText())
                .containsIgnoringCase("work · 1 open").contains("Write tests", "Ship release");
        assertThat(browser.driver.findElement(By.id("home-events")).getText()).contains("Standup", "Ana, Ben");
        // this server runs no provider service: the notice still says what to configure
        ProviderSetup.assertNoticeShown(browser, "home-setup", "No LLM provider service is running",
                "config/journal.json");
        WebElement insights = browser.visible(By.cssSelector("#home-insights .home-markdown"));
        assertThat(insights.getText()).contains("<script>alert('x')</script>");
        assertThat(insights.findElements(By.tagName("script"))).isEmpty();
        assertThat(browser.driver.findElement(By.cssSelector("[data-count=todos_open] .home-count-n")).getText())
                .isEqualTo("1");
        assertThat(screenshot("home")).isNotEmptyFile();
    }

    @Test
    void transcriptsOpensASegmentAndShowsItsTranscript() {
        open("/app/transcripts/20240315");
        browser.visible(By.cssSelector(".tr-item-btn[data-segment='093000_300']")).click();
        browser.await(ExpectedConditions.textToBePresentInElementLocated(By.id("tr-segment"), "Good morning team"));
        String text = browser.driver.findElement(By.id("tr-segment")).getText();
        assertThat(text).contains("09:30:05", "Let's review the <b>roadmap</b>", "Editor showing Main.java",
                "user@host$ ls -la");
        assertThat(browser.driver.findElements(By.cssSelector("#tr-segment audio"))).hasSize(1);
        assertThat(browser.driver.findElements(By.cssSelector("#tr-bar .tr-block"))).hasSize(2);
        assertThat(screenshot("transcripts")).isNotEmptyFile();
    }

    @Test
    void settingsEditsTheIdentityAndItPersists() {
        open("/app/settings");
        WebElement preferred = browser.visible(By.name("preferred"));
        browser.await(d -> !d.findElement(By.name("name")).getDomProperty("value").isEmpty());
        preferred.clear();
        preferred.sendKeys("Captain");
        WebElement zone = browser.driver.findElement(By.name("timezone"));
        zone.clear();
        zone.sendKeys("Europe/Lisbon");
        browser.driver.findElement(By.cssSelector("#st-identity button[type=submit]")).click();
        browser.await(ExpectedConditions.textToBePresentInElementLocated(By.id("st-status"), "Saved"));
        assertThat(server.journal.config().identity().preferred()).isEqualTo("Captain");
        assertThat(server.journal.config().identity().timezone()).isEqualTo("Europe/Lisbon");
        open("/app/settings");
        browser.await(d -> d.findElement(By.name("preferred")).getDomProperty("value").equals("Captain"));
        assertThat(screenshot("settings")).isNotEmptyFile();
        browser.driver.findElement(By.cssSelector(".st-tab[data-tab=facets]")).click();
        assertThat(browser.visible(By.cssSelector(".st-facet[data-facet=personal] .st-mute")).getText())
                .isEqualTo("Unmute");
    }

    @Test
    void liveShowsEventsPublishedOnTheServerWithFilterAndPause() {
        open("/app/live");
        browser.await(ExpectedConditions.attributeContains(By.id("live-status"), "class", "connected"));
        By rows = By.cssSelector("#lv-events li.lv-event");
        // The stream is open in the page; the server registers it a moment later. Publish until the first arrives.
        browser.await(d -> {
            server.convey.publish(Message.of("observe", "observed", Map.of("day", "20240315", "segment", "093000_300")));
            return !d.findElements(rows).isEmpty();
        });
        server.convey.publish(Message.of("cortex", "agent_start", Map.of("agent", "default")));
        browser.await(ExpectedConditions.textToBePresentInElementLocated(rows, "agent_start"));
        WebElement newest = browser.driver.findElement(rows);
        assertThat(newest.getText()).contains("cortex", "agent_start");
        browser.driver.findElement(By.cssSelector("#lv-events li.lv-event:last-child summary")).click();
        assertThat(browser.driver.findElement(By.cssSelector("#lv-events li.lv-event:last-child pre")).getText())
                .contains("\"tract\": \"observe\"", "\"segment\": \"093000_300\"");
        assertThat(browser.driver.findElements(By.cssSelector("#lv-tract option"))).extracting(WebElement::getText)
                .contains("observe", "cortex");
        assertThat(screenshot("live")).isNotEmptyFile();

        new Select(browser.driver.findElement(By.id("lv-tract"))).selectByValue("observe");
        assertThat(browser.driver.findElements(rows)).filteredOn(WebElement::isDisplayed).isNotEmpty()
                .allSatisfy(e -> assertThat(e.getDomAttribute("data-tract")).isEqualTo("observe"));
        new Select(browser.driver.findElement(By.id("lv-tract"))).selectByValue("");
        int shown = browser.driver.findElements(rows).size();
        browser.driver.findElement(By.id("lv-pause")).click();
        server.convey.publish(Message.of("supervisor", "status", Map.of()));
        browser.await(ExpectedConditions.textToBe(By.id("lv-pending"), "1"));
        assertThat(browser.driver.findElements(rows)).hasSize(shown);
        browser.driver.findElement(By.id("lv-pause")).click();
        assertThat(browser.driver.findElement(rows).getText()).contains("supervisor", "status");
        assertThat(browser.driver.findElements(rows)).hasSize(shown + 1);
    }
}
