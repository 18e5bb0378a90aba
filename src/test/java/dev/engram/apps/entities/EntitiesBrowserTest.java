package dev.engram.apps.entities;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.app.ServiceRegistry;
import dev.engram.apps.support.JournalServer;
import dev.engram.apps.support.LivePage;
import dev.engram.apps.support.ProviderSetup;
import dev.engram.index.Indexer;
import dev.engram.index.api.Searcher;
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
 * arriving through {@code journal.changed}) and an entity's page (mentions histogram and hits from a real index
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
