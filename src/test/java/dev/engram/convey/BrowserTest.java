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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

/** The shell in a real browser: setup and login, facets, day navigation, notifications, live events. */
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
            b.logIn(f.url, "analytical-engine");
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
            b.driver.navigate().refresh();
            assertThat(b.find(".facet-pill[data-facet='work']").getAttribute("class")).contains("selected");
            assertThat(b.find(".facet-pill[data-facet='']").getAttribute("class")).doesNotContain("selected");
            assertThat(b.js("return window.selectedFacet")).isEqualTo("work");
            assertThat(b.js("return window.facetsData.map(function (f) { return f.name; }).join(',')"))
                    .isEqualTo("personal,work");
            assertThat(f.journal.conveyPrefs().selectedFacet()).hasValue("work");
        }
    }

    @Test
    void arrowKeysAndTMoveBetweenDays() {
        try (Browser b = Browser.start(); ConveyFixture f = new ConveyFixture(dir).withPassword()) {
            b.logIn(f.url, ConveyFixture.PASSWORD);
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
    }

    @Test
    void backgroundScriptsShowBadgesAndNotifications() {
        try (Browser b = Browser.start(); ConveyFixture f = new ConveyFixture(dir).withPassword()) {
            b.logIn(f.url, ConveyFixture.PASSWORD);
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
    }

    @Test
    void aServerSideEventReachesAppEventsListen() {
        try (Browser b = Browser.start(); ConveyFixture f = new ConveyFixture(dir).withPassword()) {
            b.logIn(f.url, ConveyFixture.PASSWORD);
            b.open(f.url + "/app/live/");
            b.js("window.got = []; window.stop = appEvents.listen('observe', function (m) { window.got.push(m); });");
            try {
                b.await(d -> b.find("#live-status").getAttribute("class").endsWith(" connected")
                        && f.convey.liveClients() >= 1);
            } catch (RuntimeException e) {
                throw new AssertionError("status " + b.find("#live-status").getAttribute("class") + ", clients "
                        + f.convey.liveClients(), e);
            }
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
    }
}
