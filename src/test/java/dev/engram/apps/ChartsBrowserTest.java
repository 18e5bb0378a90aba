package dev.engram.apps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.app.ServiceRegistry;
import dev.engram.apps.stats.StatsApp;
import dev.engram.apps.stats.StatsJournal;
import dev.engram.apps.support.AppServer;
import dev.engram.apps.support.JournalServer;
import dev.engram.apps.tokens.TokenFiles;
import dev.engram.apps.tokens.TokensApp;
import dev.engram.journal.Journal;
import dev.engram.testing.Browser;
import dev.engram.testing.UsesBrowser;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The Stats and Tokens pages in a real browser: uPlot (from its WebJar) draws the charts, the numbers add up. */
@UsesBrowser
class ChartsBrowserTest {
    @TempDir
    static Path dir;
    static JournalServer server;
    static Browser browser;

    @BeforeAll
    static void start() {
        Path root = dir.resolve("journal");
        Journal journal = StatsJournal.create(root);
        TokenFiles.write(root);
        server = new JournalServer(journal, new ServiceRegistry(), List.of(new StatsApp(), new TokensApp()));
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
    }

    static String stat(String name) {
        return browser.visible(By.cssSelector("[data-stat='" + name + "'] .rg-stat-n")).getText();
    }

    static void chartDrawn(String id) {
        browser.await(d -> !d.findElements(By.cssSelector("#" + id + " .uplot canvas")).isEmpty());
    }

    @Test
    void statsDrawsItsChartsWithTheRangeSummary() {
        browser.open(server.url + "/app/stats?from=20260301&to=20260303");
        browser.await(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-stat='segments']"), "4"));
        assertThat(stat("recorded")).isEqualTo("40 min");
        assertThat(stat("speech")).isEqualTo("15 min");
        assertThat(stat("screen")).isEqualTo("25 min");
        assertThat(stat("days")).isEqualTo("2 / 3");
        chartDrawn("stats-days");
        chartDrawn("stats-hours");
        chartDrawn("stats-facets");
        assertThat(browser.find("#stats-facets").getDomAttribute("aria-label")).isEqualTo(
                "Segments per facet: Home 1, Work 1, No facet 2");
        assertThat(browser.find("#stats-warnings").getText()).contains("facets/work/events/20260303.jsonl");
        browser.screenshot(Browser.SCREENSHOTS.resolve("stats.png"));
        browser.find("#stats-range [data-days='7']").click();
        browser.await(ExpectedConditions.urlContains("from=20260225&to=20260303"));
        browser.await(d -> "2026-02-25".equals(d.findElement(By.id("stats-from")).getDomProperty("value")));
        assertThat(stat("days")).isEqualTo("2 / 7");
    }

    @Test
    void tokensShowsUsageAndCostByDayModelProviderAndPurpose() {
        browser.open(server.url + "/app/tokens?from=20260301&to=20260303");
        browser.await(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-stat='calls']"), "3"));
        assertThat(stat("total")).isEqualTo("1,103,150");
        assertThat(stat("cost")).isEqualTo("$3.25");
        assertThat(stat("unpriced")).isEqualTo("150");
        chartDrawn("tokens-days");
        chartDrawn("tokens-cost");
        List<String> models = browser.driver.findElements(By.cssSelector("#tokens-models tr[data-name]")).stream()
                .map(e -> e.getDomAttribute("data-name")).toList();
        assertThat(models).containsExactly("gpt-4o", "gemini-2.5-flash", "mystery-model");
        WebElement unpriced = browser.find("#tokens-models tr[data-name='mystery-model']");
        assertThat(unpriced.getText()).contains("unpriced");
        assertThat(browser.find("#tokens-providers").getText()).contains("openai", "google", "other");
        assertThat(browser.find("#tokens-purposes").getText()).contains("agent.default", "observe.describe",
                "think.insight");
        browser.screenshot(Browser.SCREENSHOTS.resolve("tokens.png"));
    }
}
