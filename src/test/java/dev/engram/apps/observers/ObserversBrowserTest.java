package dev.engram.apps.observers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.apps.support.AppServer;
import dev.engram.journal.ActionLogEntry;
import dev.engram.journal.Day;
import dev.engram.testing.Browser;
import dev.engram.testing.UsesBrowser;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The Observers app in a real browser: create an observer (the key shown once), see its upload arrive live, see an
 * upload refused with 507 listed with its failed_path and why, see the local tmux observer live, disable and enable it,
 * read its history, revoke it; every change in the action log. Checks the exact freshness badge, the segments, bytes
 * and duplicates-rejected cells, the history's day picker with two days, and the key's copy button. Saves target/screenshots/observers.png.
 */
@UsesBrowser
class ObserversBrowserTest {
    @TempDir
    Path dir;
    IngestServer server;
    Browser browser;

    @BeforeEach
    void start() {
        server = new IngestServer(dir, 0); // no collision walk: an upload to an existing segment is kept (507)
        browser = Browser.start(1280, 900);
        browser.logIn(server.url, AppServer.PASSWORD);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.close();
        }
        server.close();
    }

    private By row(String prefix) {
        return By.cssSelector("#ob-list tr[data-prefix='" + prefix + "']");
    }

    /** The row's text, or "" while the list is being redrawn (the live status re-renders it at any moment). */
    private String rowText(org.openqa.selenium.WebDriver d, String prefix) {
        try {
            return d.findElement(row(prefix)).getText();
        } catch (org.openqa.selenium.NoSuchElementException | org.openqa.selenium.StaleElementReferenceException e) {
            return "";
        }
    }

    /** Clicks a button of the row, again if the list was redrawn between finding and clicking it. */
    private void click(String prefix, String css) {
        browser.await(d -> {
            try {
                d.findElement(row(prefix)).findElement(By.cssSelector(css)).click();
                return true;
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                return false;
            }
        });
    }

    /** The row's freshness badge as "classes text", or "" while the list is being redrawn. */
    private static String freshnessOf(org.openqa.selenium.WebDriver d, By row) {
        try {
            var badge = d.findElement(row).findElement(By.cssSelector(".ob-fresh"));
            return badge.getDomAttribute("class") + " " + badge.getText();
        } catch (org.openqa.selenium.NoSuchElementException | org.openqa.selenium.StaleElementReferenceException e) {
            return "";
        }
    }

    /** The row's segments, bytes and duplicates-rejected cells, or an empty list while the list is redrawn. */
    private java.util.List<String> cells(String prefix) {
        try {
            return browser.driver.findElement(row(prefix)).findElements(By.cssSelector("td")).subList(4, 7).stream()
                    .map(org.openqa.selenium.WebElement::getText).toList();
        } catch (org.openqa.selenium.StaleElementReferenceException | IndexOutOfBoundsException
                 | org.openqa.selenium.NoSuchElementException e) {
            return java.util.List.of();
        }
    }

    @Test
    void createUploadFailedLocalDisableEnableHistoryRevoke() throws Exception {
        browser.open(server.url + "/app/observers");
        browser.visible(By.name("name")).sendKeys("laptop.tmux");
        browser.find("#ob-create button[type=submit]").click();
        browser.await(ExpectedConditions.visibilityOfElementLocated(By.id("ob-created")));
        String key = browser.find("#ob-key").getDomProperty("value");
        assertThat(key).hasSize(43);
        assertThat(browser.find("#ob-url").getDomProperty("value")).endsWith("/app/remote/ingest/" + key);
        String prefix = key.substring(0, 8);
        browser.await(ExpectedConditions.presenceOfElementLocated(row(prefix)));
        browser.find("#ob-created .ob-copy[data-copy='ob-key']").click(); // clipboard, or the copy fallback
        browser.await(ExpectedConditions.textToBePresentInElementLocated(By.id("ob-status"), "Copied"));
        assertThat(((org.openqa.selenium.JavascriptExecutor) browser.driver).executeScript("const i = document.getElementById('ob-key');"
                + " return i.value.substring(i.selectionStart, i.selectionEnd);")).isEqualTo(key);
        assertThat(browser.driver.getPageSource().replace(browser.find("#ob-key").getDomProperty("value"), ""))
                .doesNotContain(key); // the key is in the one-time box only

        HttpResponse<String> up = server.post("/app/remote/ingest/" + key, new Multipart().field("day", "20261130")
                .field("segment", "093000_300").file("tmux_work_screen.jsonl", "{\"frame_id\":1}\n"));
        assertThat(up.statusCode()).isEqualTo(200);
        server.postJson("/app/remote/ingest/" + key + "/event",
                "{\"tract\":\"observe\",\"event\":\"status\",\"mode\":\"tmux\",\"tmux\":{\"sessions\":[\"work\"]}}");
        browser.await(ExpectedConditions.textToBePresentInElementLocated(row(prefix), "20261130/093000_300"));
        browser.await(ExpectedConditions.textToBePresentInElementLocated(row(prefix), "tmux: work"));
        browser.await(d -> rowText(d, prefix).contains("laptop.tmux") && rowText(d, prefix).contains(prefix));
        browser.await(d -> "ob-fresh ob-fresh-connected connected".equals(freshnessOf(d, row(prefix))));

        // the same file again over the later protocol: a duplicate (nothing written, counted), then a second day
        HttpResponse<String> dup = server.post("/app/observer/ingest", new Multipart().field("day", "20261130")
                .field("segment", "093500_300").file("tmux_work_screen.jsonl", "{\"frame_id\":1}\n"),
                "X-Solstone-Observer", key);
        assertThat(dup.body()).contains("\"status\":\"duplicate\"");
        assertThat(server.post("/app/remote/ingest/" + key, new Multipart().field("day", "20261129")
                .field("segment", "120000_300").file("tmux_work_screen.jsonl", "{\"frame_id\":22}\n"))
                .statusCode()).isEqualTo(200);
        browser.await(d -> cells(prefix).equals(java.util.List.of("2", "31 B", "1")));
        var counted = server.ingest.list().getFirst();
        assertThat(java.util.List.of(counted.segmentsReceived(), counted.bytesReceived(), counted.duplicatesRejected()))
                .containsExactly(2L, 31L, 1L);

        // an upload that cannot become a segment (its key is taken) is listed with where it was kept and why
        java.nio.file.Files.createDirectories(dir.resolve("20261130").resolve("100000_300"));
        HttpResponse<String> refused = server.post("/app/remote/ingest/" + key, new Multipart().field("day",
                "20261130").field("segment", "100000_300").file("mic_audio.flac", "abcd"));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(507);
        // the local tmux observer puts its status on the bus (no key): shown live in its own row
        server.bus.emit(dev.engram.callosum.Message.of("observe", "status", java.util.Map.of("mode", "tmux",
                "tmux", java.util.Map.of("capturing", true, "captures", 3, "sessions", java.util.List.of("dev")),
                "host", "desk", "platform", "linux", "stream", "desk.tmux", "observer", "tmux-local")));
        By local = By.cssSelector("#ob-list tr[data-local='tmux-local']");
        browser.await(ExpectedConditions.textToBePresentInElementLocated(local, "tmux: dev"));
        browser.await(d -> "ob-fresh ob-fresh-connected connected".equals(freshnessOf(d, local)));
        browser.await(ExpectedConditions.textToBePresentInElementLocated(row(prefix), "1 failed"));
        click(prefix, ".ob-failed-count");
        browser.await(ExpectedConditions.textToBePresentInElementLocated(By.id("ob-failed"), "20261130/100000_300"));
        String failed = browser.find("#ob-failed").getText();
        assertThat(failed).contains("mic_audio.flac", "4 B", "apps/observers/failed/20261130/100000_300/",
                "Why:", "already exist");
        assertThat(browser.find("#ob-failed-name").getText()).contains("laptop.tmux");
        // when it failed: the day and time in the browser's locale (the shared helpers), not a UTC ISO string
        long at = server.ingest.failedUploads(prefix).getFirst().at();
        assertThat(browser.find("#ob-failed .ob-when").getText()).isEqualTo(browser.js(
                "return window.engram.formatDateTime(new Date(arguments[0]))", at))
                .doesNotMatch(".*\\d{4}-\\d{2}-\\d{2}T.*");
        browser.screenshot(Browser.SCREENSHOTS.resolve("observers.png"));

        click(prefix, ".ob-toggle");
        browser.await(ExpectedConditions.textToBePresentInElementLocated(row(prefix), "disabled"));
        // its own look, not the green of "connected" (its last status is still fresh)
        browser.await(d -> "ob-fresh ob-fresh-disabled disabled".equals(freshnessOf(d, row(prefix))));
        assertThat(browser.js("return getComputedStyle(document.querySelector(\"#ob-list tr[data-prefix='" + prefix
                + "'] .ob-fresh\")).backgroundColor")).isNotEqualTo("rgb(215, 245, 221)");
        assertThat(server.post("/app/remote/ingest/" + key, new Multipart().field("day", "20261130")
                .field("segment", "094000_300").file("a.flac", "x")).statusCode()).isEqualTo(403);
        click(prefix, ".ob-toggle");
        browser.await(d -> !rowText(d, prefix).isEmpty() && !rowText(d, prefix).contains("disabled"));

        click(prefix, ".ob-hist");
        browser.await(ExpectedConditions.textToBePresentInElementLocated(By.id("ob-history"),
                "093000_300: tmux_work_screen.jsonl"));
        browser.await(d -> new Select(d.findElement(By.id("ob-hist-day"))).getOptions().size() == 2);
        assertThat(new Select(browser.find("#ob-hist-day")).getOptions().stream().map(o -> o.getDomProperty("value"))
                .toList()).containsExactlyInAnyOrder("20261130", "20261129");
        // the days as the browser's locale writes them, each line with its time of upload
        assertThat(new Select(browser.find("#ob-hist-day")).getOptions().stream().map(o -> o.getText()).toList())
                .containsExactlyInAnyOrder((String) browser.js("return engramApps.formatDay('20261130')"),
                        (String) browser.js("return engramApps.formatDay('20261129')")).doesNotContain("20261130");
        Object ts = server.ingest.history(prefix, "20261130").getFirst().get("ts");
        assertThat(browser.find("#ob-history .ob-record").getText()).isEqualTo(browser.js(
                "return engramApps.formatTime(new Date(arguments[0]))", ts)
                + " 093000_300: tmux_work_screen.jsonl 15 B");
        new Select(browser.find("#ob-hist-day")).selectByValue("20261129");
        browser.await(ExpectedConditions.textToBePresentInElementLocated(By.id("ob-history"),
                "120000_300: tmux_work_screen.jsonl"));
        assertThat(browser.find("#ob-history").getText()).doesNotContain("093000_300");

        click(prefix, ".ob-revoke");
        browser.await(ExpectedConditions.alertIsPresent()).accept();
        browser.await(ExpectedConditions.textToBePresentInElementLocated(row(prefix), "revoked"));
        assertThat(server.post("/app/remote/ingest/" + key, new Multipart().field("day", "20261130")
                .field("segment", "095000_300").file("a.flac", "x")).statusCode()).isEqualTo(403);

        assertThat(server.journal.actions().read(new Day(LocalDate.now())).stream()
                .filter(a -> a.actor().equals("observers")).map(ActionLogEntry::action).toList())
                .containsExactly("observer_create", "observer_disable", "observer_enable", "observer_revoke");
    }

    /** The live-status cell of the row, or null while the list is being redrawn. */
    private String liveOf(org.openqa.selenium.WebDriver d, String prefix) {
        try {
            return d.findElement(row(prefix)).findElement(By.cssSelector(".ob-live")).getText();
        } catch (org.openqa.selenium.NoSuchElementException | org.openqa.selenium.StaleElementReferenceException e) {
            return null;
        }
    }

    @Test
    void aBadlyTypedStatusBreaksNeitherItsRowNorTheOthers() {
        java.util.List<String> keys = java.util.List.of(server.key("a.first"), server.key("b.odd"),
                server.key("c.last"));
        String odd = keys.get(1);
        for (String bad : java.util.List.of("{\"tmux\":{\"sessions\":\"not-a-list\"}}", "{\"mode\":{\"x\":1},"
                + "\"pending_queue_depth\":null,\"host\":[\"h1\",\"h2\"],\"platform\":\"linux\"}")) {
            HttpResponse<String> r = server.postJson("/app/observer/ingest/event", "{\"tract\":\"observe\","
                    + "\"event\":\"status\"," + bad.substring(1), "Authorization", "Bearer " + odd);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
        server.postJson("/app/observer/ingest/event", "{\"tract\":\"observe\",\"event\":\"status\",\"mode\":\"tmux\","
                + "\"tmux\":{\"sessions\":[]},\"pending_queue_depth\":0}", "Authorization", "Bearer " + keys.get(2));
        browser.open(server.url + "/app/observers");
        for (String key : keys) {
            String prefix = key.substring(0, 8);
            browser.await(d -> d.findElements(By.cssSelector("#ob-list tr[data-prefix='" + prefix
                    + "'] .ob-actions button")).size() == 3); // History, Disable, Revoke
        }
        assertThat(browser.driver.findElements(By.cssSelector("#ob-list tr.ob-row"))).hasSize(3);
        assertThat(liveOf(browser.driver, odd.substring(0, 8))).isEmpty();
        // an empty session list is left out, not shown as "tmux:"
        assertThat(liveOf(browser.driver, keys.get(2).substring(0, 8))).isEqualTo("tmux · queue 0");
        assertThat(browser.find("#ob-list").getText()).doesNotContain("object", "null", "h1", "not-a-list");
        assertThat(browser.find("#ob-status").getText()).isEmpty();
    }

    /** The page's and the element's widths: {scrollWidth of the document, innerWidth, left, right, width}. */
    private java.util.Map<String, Number> box(String css) {
        @SuppressWarnings("unchecked")
        var m = (java.util.Map<String, Number>) browser.js("const r = document.querySelector(arguments[0])"
                + ".getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top, bottom: r.bottom,"
                + " width: r.width, page: document.documentElement.scrollWidth, view: window.innerWidth};", css);
        return m;
    }

    @Test
    void atAPhonesWidthTheKeyBoxStacksAndALongNameNeverWidensThePage() {
        String longName = "n".repeat(64);
        String prefix = server.key(longName).substring(0, 8);
        browser.open(server.url + "/app/observers");
        browser.await(ExpectedConditions.presenceOfElementLocated(row(prefix)));
        var wide = box("#ob-list tr[data-prefix='" + prefix + "'] .ob-name");
        assertThat(wide.get("page").intValue()).as("the page at 1280 px").isLessThanOrEqualTo(wide.get("view")
                .intValue());

        browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 800));
        browser.reload();
        browser.visible(By.name("name")).sendKeys("phone.tmux");
        browser.find("#ob-create button[type=submit]").click();
        browser.await(ExpectedConditions.visibilityOfElementLocated(By.id("ob-created")));
        var created = box("#ob-created");
        for (String id : java.util.List.of("ob-key", "ob-url")) {
            var input = box("#" + id);
            var copy = box("#ob-created .ob-copy[data-copy='" + id + "']");
            assertThat(input.get("width").doubleValue()).as(id + " width").isGreaterThanOrEqualTo(200);
            for (var inner : java.util.List.of(input, copy)) {
                assertThat(inner.get("left").doubleValue()).as(id).isGreaterThanOrEqualTo(created.get("left")
                        .doubleValue());
                assertThat(inner.get("right").doubleValue()).as(id).isLessThanOrEqualTo(created.get("right")
                        .doubleValue());
            }
            assertThat(copy.get("left").doubleValue()).as(id + ": the Copy button beside the input, not on it")
                    .isGreaterThanOrEqualTo(input.get("right").doubleValue());
        }
        // the table scrolls in its own box: the page is no wider than the window
        var phone = box("#observers-app");
        assertThat(phone.get("right").doubleValue()).isLessThanOrEqualTo(390);
        assertThat(phone.get("page").intValue()).as("the page at 390 px").isLessThanOrEqualTo(phone.get("view")
                .intValue());
        browser.js("document.getElementById('ob-created').scrollIntoView()");
        browser.screenshot(Browser.SCREENSHOTS.resolve("observers-390.png"));
    }

    @Test
    void theRegistrationSwitchGoesBackWhenItsChangeFails() {
        browser.open(server.url + "/app/observers");
        browser.await(d -> d.findElement(By.id("ob-local")).isSelected());
        // logged out in another tab: the session this page holds is gone
        browser.js("return fetch('/logout', {method: 'POST', credentials: 'same-origin', body: new URLSearchParams("
                + "{_csrf: document.querySelector('meta[name=\"csrf-token\"]').content})}).then(r => r.status)");
        browser.find("#ob-local").click();
        browser.await(ExpectedConditions.textToBePresentInElementLocated(By.id("ob-status"), "log in first"));
        browser.await(d -> d.findElement(By.id("ob-local")).isSelected() && d.findElement(By.id("ob-local"))
                .isEnabled());
        assertThat(browser.find("#ob-status").getDomAttribute("class")).contains("ob-error");
        assertThat(server.ingest.localRegistration()).isTrue();
    }

    @Test
    void aDisabledObserversLastStatusIsDimmedWithItsAge() {
        String key = server.key("quiet.tmux");
        String prefix = key.substring(0, 8);
        server.postJson("/app/observer/ingest/event", "{\"tract\":\"observe\",\"event\":\"status\",\"mode\":\"tmux\","
                + "\"tmux\":{\"sessions\":[\"work\"]}}", "Authorization", "Bearer " + key);
        browser.open(server.url + "/app/observers");
        browser.await(d -> "tmux · tmux: work".equals(liveOf(d, prefix)));
        assertThat(browser.driver.findElements(By.cssSelector("#ob-list .ob-live-old"))).isEmpty();
        click(prefix, ".ob-toggle");
        browser.await(d -> String.valueOf(liveOf(d, prefix)).matches("tmux · tmux: work · last status \\d+ s ago"));
        assertThat(browser.find("#ob-list tr[data-prefix='" + prefix + "'] .ob-live").getDomAttribute("class"))
                .contains("ob-live-old");
    }

    /** The row's "seen ... ago" note, or "" while the list is being redrawn or when it has none. */
    private static String seenOf(org.openqa.selenium.WebDriver d, By row) {
        try {
            return d.findElement(row).findElement(By.cssSelector(".ob-seen")).getText();
        } catch (org.openqa.selenium.NoSuchElementException | org.openqa.selenium.StaleElementReferenceException e) {
            return "";
        }
    }

    @Test
    void aSilentObserverSaysWhenItWasLastSeen() {
        // three observers as an earlier run left them (another process's records, which this server has not read
        // yet): seen a minute ago, three hours ago, never
        var earlier = new dev.engram.observe.ingest.IngestService(server.journal, dev.engram.callosum.Emitter.none());
        long now = System.currentTimeMillis();
        java.util.Map<String, Long> seen = new java.util.LinkedHashMap<>();
        seen.put(earlier.create("stale.tmux").observer().prefix(), now - 60_000);
        seen.put(earlier.create("gone.tmux").observer().prefix(), now - 3 * 3_600_000);
        String never = earlier.create("never.tmux").observer().prefix();
        seen.forEach((prefix, at) -> server.journal.writeAppFile("observers", "{\"last_seen\": " + at + "}\n",
                "observers", prefix + ".stats.json"));
        String connected = earlier.create("live.tmux").key();
        server.postJson("/app/observer/ingest/event", "{\"tract\":\"observe\",\"event\":\"status\","
                + "\"mode\":\"tmux\"}", "Authorization", "Bearer " + connected);
        browser.open(server.url + "/app/observers");
        var prefixes = java.util.List.copyOf(seen.keySet());
        browser.await(d -> !seenOf(d, row(never)).isEmpty() && !seenOf(d, row(prefixes.get(1))).isEmpty());
        assertThat(freshnessOf(browser.driver, row(prefixes.get(0)))).isEqualTo("ob-fresh ob-fresh-stale stale");
        assertThat(seenOf(browser.driver, row(prefixes.get(0)))).isEqualTo("· seen 1 min ago");
        assertThat(freshnessOf(browser.driver, row(prefixes.get(1))))
                .isEqualTo("ob-fresh ob-fresh-disconnected disconnected");
        assertThat(seenOf(browser.driver, row(prefixes.get(1)))).isEqualTo("· seen 3 h ago");
        assertThat(freshnessOf(browser.driver, row(never))).isEqualTo("ob-fresh ob-fresh-disconnected disconnected");
        assertThat(seenOf(browser.driver, row(never))).isEqualTo("· never seen");
        // a connected observer needs no such note; each state has its own colour
        String live = connected.substring(0, 8);
        assertThat(freshnessOf(browser.driver, row(live))).isEqualTo("ob-fresh ob-fresh-connected connected");
        assertThat(browser.driver.findElement(row(live)).findElements(By.cssSelector(".ob-seen"))).isEmpty();
        java.util.List<Object> colours = new java.util.ArrayList<>();
        for (String p : java.util.List.of(live, prefixes.get(0), prefixes.get(1))) {
            colours.add(browser.js("return getComputedStyle(document.querySelector(\"#ob-list tr[data-prefix='" + p
                    + "'] .ob-fresh\")).backgroundColor"));
        }
        assertThat(colours).doesNotHaveDuplicates();
    }

    @Test
    void aFailedActionRefreshesTheRowAndAFailedCreateHidesTheEarlierKey() {
        String prefix = server.key("elsewhere.tmux").substring(0, 8);
        browser.open(server.url + "/app/observers");
        browser.await(d -> d.findElements(By.cssSelector("#ob-list tr[data-prefix='" + prefix + "'] .ob-toggle"))
                .size() == 1);
        server.ingest.revoke(prefix); // in another tab
        click(prefix, ".ob-toggle");
        browser.await(ExpectedConditions.textToBePresentInElementLocated(By.id("ob-status"), "Observer revoked"));
        // at once, not at the next 15-second refresh
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver, java.time.Duration.ofSeconds(5),
                java.time.Duration.ofMillis(20)).until(d -> "ob-fresh ob-fresh-revoked revoked"
                .equals(freshnessOf(d, row(prefix))) && d.findElements(By.cssSelector("#ob-list tr[data-prefix='"
                + prefix + "'] .ob-toggle, #ob-list tr[data-prefix='" + prefix + "'] .ob-revoke")).isEmpty());
        assertThat(browser.find("#ob-status").getText()).contains("Observer revoked");

        browser.visible(By.name("name")).sendKeys("first.tmux");
        browser.find("#ob-create button[type=submit]").click();
        browser.await(ExpectedConditions.visibilityOfElementLocated(By.id("ob-created")));
        browser.visible(By.name("name")).sendKeys("   "); // passes the form's required, refused by the server
        browser.find("#ob-create button[type=submit]").click();
        browser.await(ExpectedConditions.textToBePresentInElementLocated(By.id("ob-status"), "Invalid name"));
        browser.await(ExpectedConditions.invisibilityOfElementLocated(By.id("ob-created")));
        assertThat(browser.find("#ob-key").getDomProperty("value")).isEmpty();
        assertThat(browser.find("#ob-url").getDomProperty("value")).isEmpty();
    }
}
