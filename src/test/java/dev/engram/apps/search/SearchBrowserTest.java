package dev.engram.apps.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.app.ServiceRegistry;
import dev.engram.apps.support.AppServer;
import dev.engram.apps.support.JournalServer;
import dev.engram.apps.transcripts.TranscriptsApp;
import dev.engram.index.Indexer;
import dev.engram.index.api.Searcher;
import dev.engram.journal.Journal;
import dev.engram.testing.Browser;
import dev.engram.testing.UsesBrowser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The search page in a real browser against a real index: type a query, see hits grouped by day, filter by a facet
 * count, brush the day histogram to set the dates, page the days and a busy day's hits, and click through to the
 * segment in Transcripts.
 */
@UsesBrowser
class SearchBrowserTest {
    @TempDir
    static Path dir;
    static Indexer indexer;
    static JournalServer server;
    static Browser browser;

    @BeforeAll
    static void start() {
        Journal journal = SearchJournal.create(dir.resolve("journal"));
        indexer = new Indexer(journal);
        indexer.start();
        await().atMost(Duration.ofSeconds(30)).until(indexer::caughtUp);
        ServiceRegistry services = new ServiceRegistry();
        services.register(Searcher.class, indexer);
        server = new JournalServer(journal, services, List.of(new SearchApp(), new TranscriptsApp()));
        browser = Browser.start(1280, 900);
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
        if (indexer != null) {
            indexer.stop();
        }
    }

    static List<String> shownDays() {
        // one script call: the list is redrawn while results arrive, so element handles could go stale
        Object days = browser.js("return Array.from(document.querySelectorAll('#sr-days .sr-day'))"
                + ".map(function (e) { return e.dataset.day; })");
        return ((List<?>) days).stream().map(String::valueOf).toList();
    }

    @Test
    void typingSearchesAndGroupsHitsByDay() {
        browser.open(server.url + "/app/search");
        browser.visible(By.id("sr-q")).sendKeys("pelican");
        browser.await(d -> shownDays().equals(List.of("20260303", "20260302")));
        assertThat(browser.driver.getCurrentUrl()).endsWith("/app/search?q=pelican");
        WebElement day = browser.find("#sr-days .sr-day[data-day='20260302']");
        assertThat(day.findElements(By.cssSelector(".sr-hit"))).hasSize(3);
        assertThat(day.findElements(By.cssSelector(".sr-snippet strong"))).extracting(WebElement::getText)
                .allSatisfy(t -> assertThat(t).isEqualToIgnoringCase("pelican"));
        assertThat(browser.find("#sr-summary").getText()).isEqualTo("5 matches on 2 days");
        assertThat(browser.driver.findElements(By.cssSelector("#sr-facets [data-facet]")))
                .extracting(e -> e.getDomAttribute("data-facet")).containsExactlyInAnyOrder("work", "home");
        assertThat(browser.driver.findElements(By.cssSelector("#sr-hist canvas"))).isNotEmpty();
        browser.screenshot(Browser.SCREENSHOTS.resolve("search.png"));
    }

    @Test
    void clickingAFacetCountFiltersAndClickingAgainClears() {
        browser.open(server.url + "/app/search?q=pelican");
        browser.visible(By.cssSelector("#sr-facets [data-facet='work']")).click();
        browser.await(d -> shownDays().equals(List.of("20260303"))
                && d.findElements(By.cssSelector("#sr-days .sr-hit")).size() == 1);
        assertThat(browser.find("#sr-days .sr-hit").getText()).contains("Pelican sync", "Work");
        assertThat(browser.driver.getCurrentUrl()).contains("facet=work");
        assertThat(browser.find("#sr-filters").getText()).contains("Facet: work");
        browser.visible(By.cssSelector("#sr-facets [data-facet='work'].sr-active")).click();
        browser.await(d -> shownDays().size() == 2);
        assertThat(browser.driver.getCurrentUrl()).doesNotContain("facet=");
        browser.visible(By.cssSelector("#sr-topics [data-topic='audio']")).click();
        browser.await(d -> d.findElements(By.cssSelector("#sr-days .sr-hit")).size() == 1);
        assertThat(browser.find("#sr-days .sr-hit").getDomAttribute("data-topic")).isEqualTo("audio");
    }

    @Test
    void brushingTheHistogramSetsTheDates() {
        browser.open(server.url + "/app/search?q=quasar");
        browser.await(d -> "25".equals(d.findElement(By.id("sr-hist")).getDomAttribute("data-days")));
        WebElement over = browser.visible(By.cssSelector("#sr-hist .u-over"));
        int width = over.getSize().getWidth();
        // drag from about day 5 to about day 10 of the 25 (offsets are from the element's centre)
        new Actions(browser.driver).moveToElement(over, -width / 2 + width * 4 / 25 + 2, 0).clickAndHold()
                .moveByOffset(width * 5 / 25, 0).release().perform();
        browser.await(ExpectedConditions.urlContains("from="));
        String url = browser.driver.getCurrentUrl();
        assertThat(url).contains("from=202601", "to=202601");
        browser.await(d -> !shownDays().isEmpty() && shownDays().size() < 20);
        List<String> days = shownDays();
        String from = url.replaceAll(".*from=(\\d{8}).*", "$1");
        String to = url.replaceAll(".*to=(\\d{8}).*", "$1");
        assertThat(days).allSatisfy(d -> assertThat(d).isBetween(from, to));
        assertThat(days.size()).isBetween(3, 8);
        assertThat(browser.find("#sr-filters").getText()).contains("Dates:");
        browser.find("#sr-filters .sr-chip").click();
        browser.await(d -> shownDays().size() == 20);

        // a day with more hits than one page (5 shown of 31): "Show more from this day" appends the next 20
        String busy = "#sr-days .sr-day[data-day='20260110']";
        assertThat(browser.driver.findElements(By.cssSelector(busy + " .sr-hit"))).hasSize(5);
        browser.visible(By.cssSelector(busy + " .sr-more")).click();
        browser.await(d -> d.findElements(By.cssSelector(busy + " .sr-hit")).size() == 25);
        browser.visible(By.cssSelector(busy + " .sr-more")).click();
        browser.await(d -> d.findElements(By.cssSelector(busy + " .sr-hit")).size() == SearchJournal.BUSY_TODOS
                && !d.findElement(By.cssSelector(busy + " .sr-more")).isDisplayed());
        // days come 20 at a time (spec §5): older shows the remaining 5 and keeps the day offset in the URL
        assertThat(browser.find("#sr-newer").isDisplayed()).isFalse();
        browser.visible(By.id("sr-older")).click();
        browser.await(d -> shownDays().equals(List.of("20260105", "20260104", "20260103", "20260102", "20260101")));
        assertThat(browser.driver.getCurrentUrl()).contains("offset=20");
        assertThat(browser.find("#sr-older").isDisplayed()).isFalse();
        browser.visible(By.id("sr-newer")).click();
        browser.await(d -> shownDays().size() == 20 && shownDays().getFirst().equals("20260125"));
        assertThat(browser.driver.getCurrentUrl()).doesNotContain("offset=");
    }

    @Test
    void aHitOpensItsSegmentAtItsMomentInTranscripts() {
        // the API's stream filter from the URL, shown as a chip
        browser.open(server.url + "/app/search?q=report&stream=laptop");
        browser.await(ExpectedConditions.textToBePresentInElementLocated(By.id("sr-filters"), "Stream: laptop"));
        browser.await(d -> d.findElements(By.cssSelector("#sr-days .sr-hit")).size() == 1);
        browser.visible(By.cssSelector("#sr-days .sr-hit[data-topic='audio'] a.sr-hit-link")).click();
        browser.await(ExpectedConditions.urlContains("/app/transcripts/20260302?segment=140000_300&t=14:00:05"));
        browser.await(ExpectedConditions.textToBePresentInElementLocated(By.id("tr-segment"),
                "Did the pelican report ship?"));
        assertThat(browser.visible(By.cssSelector("#tr-segment .tr-at")).getText()).contains("14:00:05");
    }
}
