package dev.engram.apps.entities;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.app.ServiceRegistry;
import dev.engram.apps.support.JournalServer;
import dev.engram.apps.support.LivePage;
import dev.engram.apps.support.ProviderSetup;
import dev.engram.index.Indexer;
import dev.engram.index.api.Searcher;
import dev.engram.journal.ActionLogEntry;
import dev.engram.journal.Entity;
import dev.engram.journal.EntityEdits;
import dev.engram.journal.FacetStore;
import dev.engram.journal.Journal;
import dev.engram.testing.Browser;
import dev.engram.testing.UsesBrowser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
 * The Entities pages in a real browser: the list (attach a detected entity, dismiss another, a change made elsewhere
 * arriving through {@code journal.changed}, promote now, detach an attached entity, edit type and description) and an entity's page (mentions histogram and hits from a real index
 * linking to the transcripts, adding an aka).
 */
@UsesBrowser
class EntitiesBrowserTest {
    @TempDir
    static Path dir;
    static Indexer indexer;
    static JournalServer server;
    static Browser browser;
    static LivePage page;

    @BeforeAll
    static void start() {
        Journal journal = EntitiesJournal.create(dir.resolve("journal"));
        indexer = new Indexer(journal);
        indexer.start();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(indexer::caughtUp);
        ServiceRegistry services = ProviderSetup.registry(journal);
        services.register(Searcher.class, indexer);
        page = new LivePage(journal, services, List.of(new EntitiesApp(EntitiesJournal.CLOCK)));
        server = page.server;
        browser = page.browser;
    }

    @AfterAll
    static void stop() throws Exception {
        if (page != null) {
            page.close();
        }
        if (indexer != null) {
            indexer.stop();
        }
    }

    /** The names listed in one section ({@code attached}, {@code detected}, {@code detached}) of a facet. */
    @SuppressWarnings("unchecked")
    static List<String> names(String facet, String kind) {
        return (List<String>) browser.js("return Array.from(document.querySelectorAll(arguments[0]))"
                + ".map(e => e.dataset.name)", ".en-facet[data-facet='" + facet + "'] .en-" + kind);
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

    static FacetStore work() {
        return server.journal.facetStore("work");
    }

    /** How many times the page has loaded its data (entities.js counts them in {@code data-loaded}). */
    static long loads() {
        return Long.parseLong((String) browser.js("return document.getElementById('entities-app').dataset.loaded"));
    }

    /** The facet's latest action-log entry today, as {@code actor/source:action}. */
    static String lastAction() {
        List<ActionLogEntry> logs = work().logs(EntitiesJournal.TODAY);
        ActionLogEntry a = logs.get(logs.size() - 1);
        return a.actor() + "/" + a.source() + ":" + a.action();
    }

    @Test
    void listAttachDismissLiveUpdatesAndAnEntityPageWithItsMentions() {
        browser.open(server.url + "/app/entities");
        browser.await(d -> names("work", "attached").contains("Dana Lee"));
        ProviderSetup.assertNoticeShown(browser, "entities-setup", "OPENAI_API_KEY", "config/journal.json");
        assertThat(names("work", "detected")).containsExactly("Pelican Project", "Zed Corp");
        assertThat(names("work", "detached")).containsExactly("Old Vendor");
        assertThat(browser.find("#entities-rule").getText()).contains("3 days within 30 days");
        assertThat(browser.find(".en-facet[data-facet='work'] .en-detected[data-name='Pelican Project']").getText())
                .contains("3 days");

        click(".en-facet[data-facet='work'] .en-detected[data-name='Zed Corp'] .en-attach");
        browser.await(d -> names("work", "attached").contains("Zed Corp"));
        assertThat(EntityEdits.find(work().entities(), "Zed Corp").orElseThrow().type()).isEqualTo("Company");

        click(".en-facet[data-facet='work'] .en-detected[data-name='Pelican Project'] .en-dismiss");
        browser.await(d -> names("work", "detached").contains("Pelican Project"));
        assertThat(browser.find("#entities-status").getText()).contains("will not be promoted");
        assertThat(EntityEdits.find(work().entities(), "Pelican Project").orElseThrow().detached()).isTrue();

        // written elsewhere (an agent, the nightly promotion): reaches the page through journal.changed
        EntityEdits.attach(work(), Entity.of("Tool", "Figma", "Design tool"), EntitiesJournal.CLOCK.millis());
        browser.await(d -> names("work", "attached").contains("Figma"));
        browser.screenshot(Browser.SCREENSHOTS.resolve("entities.png"));

        // detected on 3 days (written elsewhere): "Promote now" attaches it, never the dismissed Pelican Project
        for (int ago : new int[] {1, 2, 4}) {
            work().addDetected(EntitiesJournal.TODAY.plusDays(-ago), List.of(Entity.of("Tool", "Kite", "Kite app")));
        }
        browser.await(d -> names("work", "detected").contains("Kite"));
        click("#entities-promote");
        browser.await(d -> names("work", "attached").contains("Kite"));
        assertThat(names("work", "detected")).doesNotContain("Kite");
        assertThat(browser.find("#entities-status").getText()).isEqualTo("1 entity promoted: Kite.");
        assertThat(browser.find(".en-facet[data-facet='work'] .en-attached[data-name='Kite'] .en-promoted").getText())
                .isEqualTo("promoted");
        Entity kite = EntityEdits.find(work().entities(), "Kite").orElseThrow();
        assertThat(kite.detached()).isFalse();
        assertThat(kite.extra().get("promoted_from")).isPresent();
        assertThat(EntityEdits.find(work().entities(), "Pelican Project").orElseThrow().detached()).isTrue();
        assertThat(lastAction()).isEqualTo("entities/app:entity_promote");

        // detach an attached entity with its button
        long loads = loads();
        click(".en-facet[data-facet='work'] .en-attached[data-name='Zed Corp'] .en-detach");
        browser.await(d -> names("work", "detached").contains("Zed Corp"));
        // both reloads (the button's and journal.changed's) done, so none lands on the edit form below
        browser.await(d -> loads() >= loads + 2);
        assertThat(names("work", "attached")).doesNotContain("Zed Corp");
        assertThat(browser.find("#entities-status").getText()).isEqualTo("Detached “Zed Corp”.");
        assertThat(EntityEdits.find(work().entities(), "Zed Corp").orElseThrow().detached()).isTrue();
        assertThat(lastAction()).isEqualTo("entities/app:entity_detach");

        // edit type and description in the list
        String figma = ".en-facet[data-facet='work'] .en-attached[data-name='Figma']";
        click(figma + " .en-edit-button");
        WebElement type = browser.visible(By.cssSelector(figma + " .en-edit input[name=type]"));
        type.clear();
        type.sendKeys("Design App");
        WebElement description = browser.find(figma + " .en-edit textarea[name=description]");
        description.clear();
        description.sendKeys("Where the mockups live");
        browser.find(figma + " .en-save").click();
        browser.await(d -> d.findElements(By.cssSelector(figma + " .en-edit")).isEmpty() && "Design App".equals(
                d.findElement(By.cssSelector(figma + " .en-type")).getDomProperty("textContent")));
        assertThat(browser.find(figma + " .en-desc").getText()).isEqualTo("Where the mockups live");
        assertThat(browser.find("#entities-status").getText()).isEqualTo("Saved.");
        Entity edited = EntityEdits.find(work().entities(), "Figma").orElseThrow();
        assertThat(edited.type()).isEqualTo("Design App");
        assertThat(edited.description()).isEqualTo("Where the mockups live");
        assertThat(lastAction()).isEqualTo("entities/app:entity_update");

        browser.find(".en-facet[data-facet='work'] .en-attached[data-name='Dana Lee'] a.en-name").click();
        browser.await(d -> !d.findElements(By.cssSelector("#entity-hits .en-hit")).isEmpty());
        assertThat(browser.find("#entity-name").getText()).isEqualTo("Dana Lee");
        assertThat(browser.find("#entity-mentions-note").getText()).startsWith("3 mentions on 2 days");
        assertThat(browser.driver.findElements(By.cssSelector("#entity-histogram .en-bar"))).hasSize(3); // 7, 8 (none), 9 March
        assertThat(browser.driver.findElements(By.cssSelector("#entity-histogram a.en-bar"))).hasSize(2);
        WebElement first = browser.find("#entity-hits .en-hit a");
        assertThat(first.getDomAttribute("href")).startsWith("/app/transcripts/20260309?segment="
                + EntitiesJournal.AFTERNOON.key());
        assertThat(browser.find("#entity-hits .en-hit p strong").getText()).startsWith("Dana");

        WebElement aka = browser.find("#entity-actions input[name=aka]");
        aka.sendKeys("D. Lee");
        browser.find("#entity-actions .en-aka-add").click();
        browser.await(d -> d.findElement(By.id("entity-akas")).getText().contains("D. Lee"));
        Awaitility.await().until(() -> EntityEdits.find(work().entities(), "Dana Lee").orElseThrow().aka()
                .contains("D. Lee"));
        browser.screenshot(Browser.SCREENSHOTS.resolve("entity.png"));
    }
}
