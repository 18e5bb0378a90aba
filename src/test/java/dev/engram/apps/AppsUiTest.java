package dev.engram.apps;

import dev.engram.testing.UsesBrowser;
import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.apps.support.AppServer;
import dev.engram.testing.Browser;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * What a new user hit in the apps (issue 8, points 13, 15 and 18, contract C6), in a real browser against a real
 * server: segment links, filters, thumbnails and tmux colours in Transcripts; the entity and news cards, heading scale,
 * welcome screen and day warnings on Home; the facet-name check, tab messages and a readable activity log in Settings.
 */
@UsesBrowser
class AppsUiTest {
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

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    static void open(String path) {
        browser.open(server.url + path);
    }

    static String url() {
        return browser.driver.getCurrentUrl();
    }

    static String segmentText() {
        return browser.driver.findElement(By.id("tr-segment")).getText();
    }

    // ---- transcripts ----

    @Test
    void aDayWithoutSegmentsSaysSoOnce() {
        open("/app/transcripts/20240317");
        browser.await(ExpectedConditions.textToBePresentInElementLocated(By.id("tr-list"), "No segments recorded"));
        assertThat(browser.driver.findElement(By.id("tr-segment")).isDisplayed()).isFalse();
        assertThat(browser.driver.findElement(By.id("tr-app")).getText()).doesNotContain("Select a segment");
    }

    @Test
    void theOpenSegmentAndTimeAreInTheUrlForReloadLinksAndHistory() {
        open("/app/transcripts/20240315");
        browser.await(ExpectedConditions.textToBePresentInElementLocated(By.id("tr-segment"), "Select a segment"));
        browser.visible(By.cssSelector(".tr-item-btn[data-segment='093000_300']")).click();
        browser.await(ExpectedConditions.textToBePresentInElementLocated(By.id("tr-segment"), "Good morning team"));
        assertThat(url()).endsWith("/app/transcripts/20240315?segment=093000_300");
        browser.driver.findElement(By.cssSelector("tr[data-time='09:31:10'] .tr-clock-link")).click();
        assertThat(url()).endsWith("?segment=093000_300&t=09%3A31%3A10");
        assertThat(browser.driver.findElement(By.cssSelector("tr[data-time='09:31:10']")).getDomAttribute("class"))
                .contains("tr-at");

        browser.reload();
        browser.await(ExpectedConditions.textToBePresentInElementLocated(By.id("tr-segment"), "Good morning team"));
        browser.await(ExpectedConditions.attributeContains(By.cssSelector("tr[data-time='09:31:10']"), "class",
                "tr-at"));
        assertThat(browser.find(".tr-item-btn[data-segment='093000_300']").getDomAttribute("class"))
                .contains("tr-selected");

        browser.find(".tr-item-btn[data-segment='140000_600']").click();
        browser.await(ExpectedConditions.textToBePresentInElementLocated(By.id("tr-segment"), "Afternoon call"));
        assertThat(url()).endsWith("?segment=140000_600");
        browser.driver.navigate().back();
        browser.await(ExpectedConditions.textToBePresentInElementLocated(By.id("tr-segment"), "Good morning team"));
        assertThat(url()).endsWith("?segment=093000_300&t=09%3A31%3A10");
        browser.driver.navigate().back();
        browser.await(ExpectedConditions.textToBePresentInElementLocated(By.id("tr-segment"), "Select a segment"));
        browser.driver.navigate().forward();
        browser.await(ExpectedConditions.textToBePresentInElementLocated(By.id("tr-segment"), "Good morning team"));

        open("/app/transcripts/20240315?segment=120000_300");
        browser.await(ExpectedConditions.textToBePresentInElementLocated(By.id("tr-error"), "no segment 120000_300"));
    }

    @Test
    void audioPlayerThumbnailsFiltersAndTmuxColours() {
        open("/app/transcripts/20240315?segment=093000_300");
        browser.await(ExpectedConditions.textToBePresentInElementLocated(By.id("tr-segment"), "Good morning team"));
        WebElement audio = browser.find("#tr-segment audio.tr-player");
        assertThat(audio.getDomAttribute("src")).isEqualTo("/app/transcripts/media/20240315/093000_300/audio.flac");

        WebElement green = browser.find(".tr-pane span.ansi-fg-2");
        assertThat(green.getText()).isEqualTo("user@host");
        assertThat(browser.find(".tr-pane").getText()).isEqualTo("user@host$ ls -la");

        browser.find(".tr-thumb").click();
        WebElement viewer = browser.visible(By.id("tr-viewer"));
        assertThat(browser.find("#tr-viewer-img").getDomAttribute("src")).endsWith("/center_DP-1_0012.png");
        browser.await(d -> (Boolean) browser.js("const i = document.getElementById('tr-viewer-img');"
                + " return i.complete && i.naturalWidth === 64;"));
        browser.find(".tr-viewer-close").click();
        browser.await(ExpectedConditions.invisibilityOf(viewer));

        browser.find("#tr-show-audio").click();
        assertThat(browser.find(".tr-audio").isDisplayed()).isFalse();
        assertThat(browser.find(".tr-screen").isDisplayed()).isTrue();
        // the afternoon segment has audio only, so it leaves the list
        assertThat(browser.find(".tr-item-btn[data-segment='140000_600']").isDisplayed()).isFalse();
        browser.find("#tr-show-screen").click();
        assertThat(browser.find(".tr-screen").isDisplayed()).isFalse();
        assertThat(browser.find(".tr-thumb").isDisplayed()).isFalse();
        browser.find("#tr-show-audio").click();
        browser.find("#tr-show-screen").click();
        assertThat(browser.find(".tr-audio").isDisplayed()).isTrue();
        assertThat(browser.find(".tr-item-btn[data-segment='140000_600']").isDisplayed()).isTrue();
    }

    // ---- home ----

    @Test
    void homeShowsDetectedEntitiesNewsSingularCountsAndSmallerInsightHeadings() {
        open("/app/home/20240315");
        browser.await(ExpectedConditions.textToBePresentInElementLocated(By.id("home-entities"), "Maven"));
        assertThat(browser.find("#home-entities").getText()).contains("Person", "Ana", "Ran the <i>standup</i>",
                "Tool", "Maven").doesNotContain("Engram");
        assertThat(browser.find("#home-news").getText()).contains("Work", "The release is on track.");
        assertThat(browser.find("[data-count=events]").getText()).isEqualTo("1\nEvent");
        assertThat(browser.find("[data-count=segments]").getText()).isEqualTo("2\nSegments");
        double title = fontSize(".home-title");
        double heading = fontSize("#home-insights h1");
        assertThat(heading).as("insight h1 %s px vs page title %s px", heading, title).isLessThan(title);
        assertThat(browser.find("#home-welcome").isDisplayed()).isFalse();
    }

    static double fontSize(String css) {
        return Double.parseDouble(String.valueOf(browser.js(
                "return parseFloat(getComputedStyle(document.querySelector(arguments[0])).fontSize);", css)));
    }

    @Test
    void anEmptyJournalWelcomesTheOwner(@TempDir Path emptyDir) {
        try (AppServer empty = new AppServer(emptyDir, false)) {
            browser.logIn(empty.url, AppServer.PASSWORD);
            browser.open(empty.url + "/app/home/20240315");
            WebElement welcome = browser.visible(By.id("home-welcome"));
            assertThat(welcome.getText()).contains("Welcome to Engram", "observer");
            assertThat(welcome.findElement(By.cssSelector("a[href='/app/settings']")).isDisplayed()).isTrue();
            assertThat(browser.find("#home-day").isDisplayed()).isFalse();
        } finally {
            // both servers are on 127.0.0.1, where cookies do not tell ports apart: log in to the shared one again
            browser.logIn(server.url, AppServer.PASSWORD);
        }
    }

    @Test
    void dayWarningsAreShownAsANoticeWithTheRestOfThePage() {
        // Until the server reports warnings (contract C6), the browser adds them to the day APIs' answers.
        ChromeDriver chrome = (ChromeDriver) browser.driver;
        Map<String, Object> added = chrome.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
                const realFetch = window.fetch;
                window.fetch = function (url, init) {
                  return realFetch(url, init).then(function (r) {
                    if (!/\\/api\\/day\\//.test(String(url))) { return r; }
                    return r.json().then(function (b) {
                      b.warnings = [{file: 'facets/work/todos/20240315.jsonl', line: 2, message: 'not valid JSON <b>x</b>'}];
                      return new Response(JSON.stringify(b), {status: r.status, headers: r.headers});
                    });
                  });
                };
                """));
        try {
            open("/app/home/20240315");
            WebElement notice = browser.visible(By.id("home-warnings"));
            assertThat(notice.getText()).contains("facets/work/todos/20240315.jsonl:2", "not valid JSON <b>x</b>");
            browser.await(ExpectedConditions.textToBePresentInElementLocated(By.id("home-todos"), "Write tests"));
            open("/app/transcripts/20240315");
            assertThat(browser.visible(By.id("tr-warnings")).getText())
                    .contains("facets/work/todos/20240315.jsonl:2", "not valid JSON");
            browser.visible(By.cssSelector(".tr-item-btn[data-segment='093000_300']"));
        } finally {
            chrome.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument",
                    Map.of("identifier", added.get("identifier")));
        }
    }

    // ---- settings ----

    @Test
    void theFacetNamePatternIsCheckedByTheBrowser() {
        open("/app/settings");
        browser.find(".st-tab[data-tab=facets]").click();
        WebElement name = browser.visible(By.cssSelector("#st-new-facet input[name=name]"));
        name.sendKeys("bad name!");
        assertThat(browser.js("return arguments[0].validity.patternMismatch;", name)).isEqualTo(true);
        name.clear();
        name.sendKeys("side-project_2");
        assertThat(browser.js("return arguments[0].validity.valid;", name)).isEqualTo(true);
    }

    @Test
    void anErrorMessageIsClearedWhenSwitchingTabs() {
        open("/app/settings");
        browser.find(".st-tab[data-tab=facets]").click();
        browser.visible(By.cssSelector("#st-new-facet input[name=name]")).sendKeys("work");
        browser.find("#st-new-facet button[type=submit]").click();
        browser.await(ExpectedConditions.textToBePresentInElementLocated(By.id("st-status"), "work"));
        assertThat(browser.find("#st-status").getDomAttribute("class")).contains("st-error");
        browser.find(".st-tab[data-tab=identity]").click();
        assertThat(browser.find("#st-status").getText()).isEmpty();
    }

    @Test
    void creatingAFacetTellsTheShellAtOnce() {
        open("/app/settings");
        browser.js("window.facetEvents = 0; window.addEventListener('engram:facets-changed',"
                + " function () { window.facetEvents++; })");
        browser.find(".st-tab[data-tab=facets]").click();
        browser.visible(By.cssSelector("#st-new-facet input[name=name]")).sendKeys("garden");
        browser.find("#st-new-facet button[type=submit]").click();
        browser.await(ExpectedConditions.textToBePresentInElementLocated(By.id("st-status"), "Created facet garden"));
        browser.await(d -> Long.valueOf(1).equals(browser.js("return window.facetEvents")));
    }

    @Test
    void theActivityLogReadsAsSentences() {
        server.client().send("PUT", "/app/settings/api/identity", "{\"timezone\": \"Europe/Lisbon\"}");
        server.client().send("PUT", "/app/settings/api/facets/work", "{\"muted\": true, \"title\": \"Job\"}");
        server.client().send("PUT", "/app/settings/api/facets/work", "{\"muted\": false, \"title\": \"Work\"}");
        open("/app/settings");
        browser.find(".st-tab[data-tab=actions]").click();
        browser.await(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#st-actions tr.st-action"), 2));
        List<String> rows = browser.driver.findElements(By.cssSelector("#st-actions tr.st-action .st-what")).stream()
                .map(WebElement::getText).toList();
        assertThat(rows).contains("Changed the time zone to “Europe/Lisbon”",
                "Updated facet “work”: title to “Job”; muted it");
        assertThat(String.join("\n", rows)).doesNotContain("{", "\"");
    }
}
