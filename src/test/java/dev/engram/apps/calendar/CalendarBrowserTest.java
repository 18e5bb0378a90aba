package dev.engram.apps.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.apps.support.JournalServer;
import dev.engram.apps.support.LivePage;
import dev.engram.apps.support.ProviderSetup;
import dev.engram.journal.Journal;
import dev.engram.testing.Browser;
import dev.engram.testing.UsesBrowser;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;

/**
 * The Calendar page in a real browser: month, week and day views with facet colours and bookmarkable URLs, an
 * event's links to where it was mentioned, editing and adding events, and an event written elsewhere reaching the
 * page through the change feed as {@code journal.changed} (as boot's journal-feed sends it).
 */
@UsesBrowser
class CalendarBrowserTest {
    static final String TODAY = CalendarJournal.TODAY.key();
    @TempDir
    static Path dir;
    static JournalServer server;
    static Browser browser;
    static LivePage page;

    @BeforeAll
    static void start() {
        Journal journal = CalendarJournal.create(dir.resolve("journal"));
        page = new LivePage(journal, ProviderSetup.registry(journal), List.of(new CalendarApp(CalendarJournal.CLOCK)));
        server = page.server;
        browser = page.browser;
    }

    @AfterAll
    static void stop() throws Exception {
        if (page != null) {
            page.close();
        }
    }

    /** The shown events' titles, read in one script (the view is redrawn on every change). */
    @SuppressWarnings("unchecked")
    static List<String> titles() {
        return (List<String>) browser.js("return Array.from(document.querySelectorAll('#cal-body .cal-event"
                + " .cal-event-title')).map(e => e.textContent)");
    }

    static String path() {
        return (String) browser.js("return location.pathname + location.search");
    }

    /** Clicks the element, finding it again if a redraw replaced it. */
    static void click(String css) {
        browser.await(d -> {
            try {
                d.findElement(By.cssSelector(css)).click();
                return true;
            } catch (StaleElementReferenceException | NoSuchElementException e) {
                return false;
            }
        });
    }

    static String chip(String title) {
        return "#cal-body .cal-event[title^='" + title + " ·']";
    }

    @Test
    void viewsNavigateMentionsEditAddAndLiveChanges() {
        browser.open(server.url + "/app/calendar?view=month&day=" + TODAY);
        browser.await(d -> titles().contains("Launch sync") && titles().contains("Dentist"));
        assertThat(titles()).doesNotContain("Hidden");
        assertThat(browser.find("#cal-title").getText()).contains("2026");
        ProviderSetup.assertNoticeShown(browser, "cal-setup", "OPENAI_API_KEY", "config/journal.json");
        assertThat(browser.js("return getComputedStyle(document.querySelector(arguments[0])).borderLeftColor",
                chip("Launch sync"))).isEqualTo("rgb(51, 102, 204)");
        assertThat(browser.find(chip("Dentist")).getDomAttribute("class")).contains("cal-planned");
        assertThat(browser.find(".cal-cell[data-day='" + TODAY + "']").getText()).contains("Launch sync");
        browser.screenshot(Browser.SCREENSHOTS.resolve("calendar-month.png"));

        // week view, next and previous week: each a URL of its own
        click(".cal-views button[data-view=week]");
        browser.await(d -> path().equals("/app/calendar?view=week&day=" + TODAY)
                && !d.findElements(By.cssSelector("#cal-body .cal-week .cal-event[title^='Launch sync ·']")).isEmpty());
        assertThat(browser.find(".cal-col[data-day='" + TODAY + "']").getText()).contains("Work");
        browser.screenshot(Browser.SCREENSHOTS.resolve("calendar-week.png"));
        click("#cal-next");
        String next = CalendarJournal.TODAY.plusDays(7).key();
        browser.await(d -> path().equals("/app/calendar?view=week&day=" + next) && !titles().contains("Launch sync"));
        browser.driver.navigate().back();
        browser.await(d -> path().endsWith("day=" + TODAY) && titles().contains("Launch sync"));

        // an event: where it was mentioned, then edited
        click(chip("Launch sync"));
        WebElement source = browser.visible(By.cssSelector("#cal-detail .cal-mention-segment a"));
        assertThat(source.getDomAttribute("href"))
                .isEqualTo("/app/transcripts/" + TODAY + "?segment=143000_300&t=14:31:00");
        browser.screenshot(Browser.SCREENSHOTS.resolve("calendar-event.png"));
        assertThat(browser.find("#cal-form").isDisplayed()).as("the edit form waits for Edit").isFalse();
        click("#cal-detail .cal-edit");
        WebElement title = browser.visible(By.cssSelector("#cal-form input[name=title]"));
        assertThat(browser.find("#cal-detail").isDisplayed()).isFalse();
        title.clear();
        title.sendKeys("Launch sync with Rui");
        click("#cal-save");
        browser.await(d -> titles().contains("Launch sync with Rui"));
        assertThat(server.journal.facetStore("work").events(CalendarJournal.TODAY).getFirst().title())
                .isEqualTo("Launch sync with Rui");
        click("#cal-dialog-close");

        // add an event in the day view
        browser.open(server.url + "/app/calendar?view=day&day=" + TODAY);
        browser.await(d -> titles().contains("Design review"));
        click("#cal-add");
        browser.visible(By.cssSelector("#cal-form input[name=title]")).sendKeys("Call the bank");
        browser.js("const f = document.getElementById('cal-form'); f.elements.start.value = '16:00';"
                + " f.elements.facet.value = 'home';");
        click("#cal-save");
        browser.await(d -> titles().contains("Call the bank"));
        Awaitility.await().until(() -> server.journal.facetStore("home").events(CalendarJournal.TODAY).stream()
                .anyMatch(e -> e.title().equals("Call the bank") && e.ownerEdited()));
        click("#cal-dialog-close");

        // written elsewhere (think, an agent, MCP): reaches the page through journal.changed
        server.journal.facetStore("home").appendEvents(CalendarJournal.TODAY, List.of(CalendarJournal.event(
                "Pick up the kids", "17:30:00", null, false, Optional.of(CalendarJournal.TODAY.iso()), "home", "")));
        browser.await(d -> titles().contains("Pick up the kids"));
        assertThat(browser.find(chip("Pick up the kids")).getText()).contains("planned");
        browser.screenshot(Browser.SCREENSHOTS.resolve("calendar.png"));
    }

}
