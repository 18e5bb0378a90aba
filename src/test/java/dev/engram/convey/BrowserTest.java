package dev.engram.convey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.callosum.Message;
import dev.engram.journal.Day;
import dev.engram.journal.Facet;
import dev.engram.testing.Browser;
import dev.engram.testing.UsesBrowser;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The shell in a real browser: setup and login, facets, day navigation, notifications, live events. Tests that need a
 * journal of their own (setup, facets) start their own server; the rest share one ({@link OnOneLoggedInServer}).
 */
@UsesBrowser
class BrowserTest {

    @TempDir
    Path dir;

    @Test
    void setUpThenLogOutAndBackIn() {
        try (Browser b = Browser.start(); ConveyFixture f = new ConveyFixture(dir)) {
            f.journal.facetStore("work").save(Facet.named("work").withTitle("Work").withEmoji("💼"));
            f.journal.facetStore("family").save(Facet.named("family").withTitle("Family").withEmoji("🏡"));
            b.open(f.url + "/");
            b.await(d -> d.getCurrentUrl().endsWith("/setup"));
            b.find("#name").sendKeys("Ada Lovelace");
            b.find("#password").sendKeys("analytical-engine");
            b.find("#confirm").sendKeys("analytical-engine");
            b.find("#setup-button").click();
            b.await(d -> d.getCurrentUrl().endsWith("/app/home/"));
            assertThat(f.journal.config().identity().name()).isEqualTo("Ada Lovelace");

            b.find(".logout button").click();
            b.await(d -> d.getCurrentUrl().contains("/login"));
            b.screenshot(Browser.SCREENSHOTS.resolve("login.png"));
            b.find("#password").sendKeys("wrong-password");
            b.find("#login-button").click();
            b.await(d -> !d.findElements(By.id("login-error")).isEmpty());
            b.logInWithTheForm(f.url, "analytical-engine");
            b.open(f.url + "/app/todos/");
            b.js("AppServices.notify({title: 'Welcome', message: 'Engram is running.', app: 'todos'})");
            b.await(d -> d.findElement(By.cssSelector(".notification")).isDisplayed());
            b.screenshot(Browser.SCREENSHOTS.resolve("shell.png"));
        }
    }

    @Test
    void theSelectedFacetSticksAfterReload() {
        try (Browser b = Browser.start(); ConveyFixture f = new ConveyFixture(dir).withPassword()) {
            f.journal.facetStore("work").save(Facet.named("work").withTitle("Work"));
            f.journal.facetStore("personal").save(Facet.named("personal").withTitle("Personal"));
            b.logIn(f.url, ConveyFixture.PASSWORD);
            b.open(f.url + "/app/home/");
            b.find(".facet-pill[data-facet='work']").click();
            b.await(d -> d.findElement(By.cssSelector(".facet-pill[data-facet='work']")).getAttribute("class")
                    .contains("selected"));
            b.await(d -> f.journal.conveyPrefs().selectedFacet().isPresent());
            b.reload();
            assertThat(b.find(".facet-pill[data-facet='work']").getAttribute("class")).contains("selected");
            assertThat(b.find(".facet-pill[data-facet='']").getAttribute("class")).doesNotContain("selected");
            assertThat(b.js("return window.selectedFacet")).isEqualTo("work");
            assertThat(b.js("return window.facetsData.map(function (f) { return f.name; }).join(',')"))
                    .isEqualTo("personal,work");
            assertThat(f.journal.conveyPrefs().selectedFacet()).hasValue("work");
        }
    }

    @Test
    void theFacetBarFollowsFacetChangesWithoutAReload() {
        try (Browser b = Browser.start(); ConveyFixture f = new ConveyFixture(dir).withPassword()) {
            f.journal.facetStore("work").save(Facet.named("work").withTitle("Work"));
            f.journal.facetStore("personal").save(Facet.named("personal").withTitle("Personal"));
            b.logIn(f.url, ConveyFixture.PASSWORD);
            b.open(f.url + "/app/home/");
            b.find(".facet-pill[data-facet='work']").click();
            b.await(d -> "work".equals(b.js("return window.selectedFacet")));
            // what the settings app does: change facets, then tell the shell
            f.journal.facetStore("work").save(Facet.named("work").withTitle("Job"));
            f.journal.facetStore("personal").save(Facet.named("personal").withTitle("Personal").withMuted(true));
            f.journal.facetStore("health").save(Facet.named("health").withTitle("Health"));
            b.js("window.dispatchEvent(new CustomEvent('engram:facets-changed'))");
            b.await(d -> pills(b).equals(List.of("All", "Health", "Job")));
            assertThat(b.find(".facet-pill[data-facet='work']").getAttribute("aria-pressed")).isEqualTo("true");
            assertThat(b.js("return window.facetsData.map(function (f) { return f.name; }).join(',')"))
                    .isEqualTo("health,personal,work");

            // a change made elsewhere arrives as journal.changed over the live stream
            awaitLiveStream(b, f);
            f.journal.facetStore("work").save(Facet.named("work").withTitle("Office"));
            f.convey.publish(Message.of("journal", "changed",
                    Map.of("kind", "facet", "path", "facets/work/facet.json", "facet", "work")));
            b.await(d -> pills(b).equals(List.of("All", "Health", "Office")));
            assertThat(b.find(".facet-pill.selected").getAttribute("data-facet")).isEqualTo("work");
            b.find(".facet-pill[data-facet='health']").click();
            b.await(d -> f.journal.conveyPrefs().selectedFacet().equals(java.util.Optional.of("health")));
        }
    }

    /**
     * The shell's behaviour that needs no journal of its own: one server and one login for all of them (each test
     * opens its own page; nothing they do outlives the page but the session).
     */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OnOneLoggedInServer {
        ConveyFixture f;
        Browser b;

        @BeforeAll
        void logInOnce(@TempDir Path shared) {
            b = Browser.start();
            f = new ConveyFixture(shared).withPassword();
            b.logIn(f.url, ConveyFixture.PASSWORD);
        }

        @AfterAll
        void close() {
            try {
                if (b != null) {
                    b.close();
                }
            } finally {
                if (f != null) {
                    f.close();
                }
            }
        }

        @Test
        void arrowKeysAndTMoveBetweenDays() {
            b.open(f.url + "/app/todos/20240115");
            new Actions(b.driver).sendKeys(Keys.ARROW_LEFT).perform();
            b.await(d -> d.getCurrentUrl().endsWith("/app/todos/20240114"));
            new Actions(b.driver).sendKeys(Keys.ARROW_RIGHT).perform();
            b.await(d -> d.getCurrentUrl().endsWith("/app/todos/20240115"));
            b.find("#day-label").click();
            b.await(d -> !d.findElements(By.cssSelector(".month-day.has-data")).isEmpty());
            assertThat(b.find(".month-day.has-data").getText()).isEqualTo("3");
            new Actions(b.driver).sendKeys("t").perform();
            String today = new Day(LocalDate.now()).key();
            b.await(d -> d.getCurrentUrl().endsWith("/app/todos/" + today));
            assertThat(b.driver.findElements(By.id("day-next"))).as("todos may go to the future").isNotEmpty();
            b.open(f.url + "/app/home/" + today);
            assertThat(b.driver.findElements(By.id("day-next"))).as("home may not").isEmpty();
            b.find("#day-prev").click();
            b.await(d -> d.getCurrentUrl().endsWith("/app/home/" + new Day(LocalDate.now().minusDays(1)).key()));
            assertThat(b.find("#day-next").getAttribute("href")).endsWith("/app/home/" + today);
        }

        @Test
        void backgroundScriptsShowBadgesAndNotifications() {
            b.open(f.url + "/app/live/");
            b.await(d -> d.findElement(By.cssSelector(".menu-item[data-app='home'] .badge")).isDisplayed());
            assertThat(b.find(".menu-item[data-app='home'] .badge").getText()).isEqualTo("3");
            b.js("AppServices.notify({title: 'Backup done', message: '<b>42</b> files', autoDismiss: 60000})");
            b.await(d -> d.findElement(By.cssSelector(".notification")).isDisplayed());
            assertThat(b.find(".notification strong").getText()).isEqualTo("Backup done");
            assertThat(b.find(".notification p").getText()).isEqualTo("<b>42</b> files");
            b.find(".notification-close").click();
            b.await(d -> d.findElements(By.cssSelector(".notification")).isEmpty());
        }

        @Test
        void aServerSideEventReachesAppEventsListen() {
            b.open(f.url + "/app/live/");
            b.js("window.got = []; window.stop = appEvents.listen('observe', function (m) { window.got.push(m); });");
            awaitLiveStream(b, f);
            assertThat(b.find("#live-status").getAttribute("class")).endsWith(" connected");
            f.convey.publish(Message.of("cortex", "started"));
            f.convey.publish(Message.of("observe", "observed", Map.of("segment", "090000_300")));
            b.await(d -> ((Number) b.js("return window.got.length")).intValue() == 1);
            assertThat(b.js("return window.got[0].segment")).isEqualTo("090000_300");
            b.js("window.stop()");
            f.convey.publish(Message.of("observe", "observed", Map.of("segment", "091000_300")));
            b.js("window.all = []; appEvents.listen('*', function (m) { window.all.push(m.event); });");
            f.convey.publish(Message.of("cortex", "finished"));
            b.await(d -> ((List<?>) b.js("return window.all")).contains("finished"));
            assertThat(((Number) b.js("return window.got.length")).intValue()).isEqualTo(1);
        }

        @Test
        void datesFollowTheBrowsersLocale() {
            b.open(f.url + "/app/todos/20240115");
            assertThat(b.find("#day-label").getText()).isEqualTo(b.js("return new Intl.DateTimeFormat(undefined, "
                    + "{weekday: 'short', day: 'numeric', month: 'short', year: 'numeric'}).format(new Date(2024, 0, 15))"));
            assertThat(b.js("return engram.formatDay('20240115', {locale: 'de-DE'})")).isEqualTo("Mo., 15. Jan. 2024");
            assertThat(b.js("return engram.formatDay('2024-01-15', {locale: 'en-US'})")).isEqualTo("Mon, Jan 15, 2024");
            assertThat(b.js("return engram.formatTime('14:05:09', {locale: 'de-DE'})")).isEqualTo("14:05");
            assertThat(b.js("return engram.formatTime('14:05', {locale: 'en-US'}).replace(/\\s/g, ' ')")).isEqualTo("2:05 PM");
            assertThat(b.js("return engram.formatMonth('202401', {locale: 'de-DE'})")).isEqualTo("Januar 2024");
            assertThat(b.js("return engram.weekdays('de-DE').join(' ')")).isEqualTo("Mo Di Mi Do Fr Sa So");
            assertThat(b.js("return engram.weekdays('en-US')[0]")).isEqualTo("Sun");
            assertThat(b.js("return engram.formatDay('20240231')")).as("no real date: shown as it is").isEqualTo("20240231");
        }

        @Test
        void theMonthViewHasItsNameWeekdaysShadingAndOtherMonths() {
            b.open(f.url + "/app/todos/20240115");
            b.find("#day-label").click();
            b.await(d -> !d.findElements(By.cssSelector(".month-day.level-4")).isEmpty());
            assertThat(b.find(".month-title").getText()).isEqualTo(b.js("return engram.formatMonth('202401')"))
                    .isEqualTo(b.js("return new Intl.DateTimeFormat(undefined, {month: 'long', year: 'numeric'})"
                            + ".format(new Date(2024, 0, 1))"));
            List<String> weekdays = b.driver.findElements(By.cssSelector(".month-weekday")).stream()
                    .map(WebElement::getText).toList();
            assertThat(weekdays).hasSize(7).doesNotHaveDuplicates()
                    .isEqualTo(b.js("return engram.weekdays()"));
            // 1 January 2024 was a Monday: the blanks before it depend on the locale's first day of the week
            long blanks = ((Number) b.js("return (8 - engram.weekStart()) % 7")).longValue();
            assertThat(b.driver.findElements(By.cssSelector(".month-blank"))).hasSize((int) blanks);
            assertThat(b.find(".month-day[data-day='20240104']").getAttribute("class")).contains("has-data", "level-4");
            assertThat(b.find(".month-day[data-day='20240103']").getAttribute("class")).contains("level-1");
            assertThat(b.find(".month-day[data-day='20240104']").getAttribute("title")).endsWith("8 recorded");
            assertThat(b.find(".month-day[data-day='20240115']").getAttribute("class")).contains("current");

            b.find(".month-prev").click();
            b.await(d -> d.findElement(By.cssSelector(".month-title")).getAttribute("data-month").equals("202312"));
            b.await(d -> !d.findElements(By.cssSelector(".month-day[data-day='20231204'].level-4")).isEmpty());
            b.find(".month-day[data-day='20231205']").click();
            b.await(d -> d.getCurrentUrl().endsWith("/app/todos/20231205"));

            String today = new Day(LocalDate.now()).key();
            b.open(f.url + "/app/home/" + today);
            b.find("#day-label").click();
            assertThat(b.find(".month-next").isEnabled()).as("home does not go past today's month").isFalse();
            new Actions(b.driver).sendKeys(Keys.ESCAPE).perform();
            b.await(d -> !d.findElement(By.id("month-view")).isDisplayed());
        }

        @Test
        void healthNoticesShowTheirSourceAndAFloodIsFolded() {
            b.open(f.url + "/app/home/");
            awaitLiveStream(b, f);
            Map<String, String> warn = Map.of("source", "callosum", "level", "warn", "message", "lane cortex: 12 dropped");
            f.convey.publish(Message.of("health", "notice", warn));
            b.await(d -> !d.findElements(By.cssSelector(".notification.level-warn")).isEmpty());
            assertThat(b.find(".notification.level-warn strong").getText()).startsWith("callosum");
            assertThat(b.find(".notification.level-warn p").getText()).isEqualTo("lane cortex: 12 dropped");
            f.convey.publish(Message.of("health", "notice", warn));
            b.await(d -> !d.findElements(By.cssSelector(".notification-count")).isEmpty());
            assertThat(b.find(".notification-count").getText()).isEqualTo("×2");
            for (int i = 0; i < 30; i++) {
                f.convey.publish(Message.of("health", "notice",
                        Map.of("source", "supervisor", "level", "error", "message", "restart " + i)));
            }
            b.await(d -> d.findElement(By.cssSelector(".notice-folded p")).getText().matches("\\d+ more from supervisor.*"));
            assertThat(b.driver.findElements(By.cssSelector(".notification.notice"))).hasSizeLessThanOrEqualTo(3);
            assertThat(b.find(".notice-folded").getAttribute("class")).contains("level-error");
        }

    }

    private static List<?> pills(Browser b) {
        return (List<?>) b.js("return Array.from(document.querySelectorAll('.facet-pill'))"
                + ".map(function (p) { return p.textContent.trim(); })");
    }

    /**
     * Waits until this page's own live stream delivers: a count of connected browsers can still include the page the
     * browser just left, so a probe is published until the page has seen one.
     */
    private static void awaitLiveStream(Browser b, ConveyFixture f) {
        b.js("window.liveReady = false; appEvents.listen('probe', function () { window.liveReady = true; });");
        b.await(d -> {
            f.convey.publish(Message.of("probe", "ping"));
            return Boolean.TRUE.equals(b.js("return window.liveReady"));
        });
    }
}
