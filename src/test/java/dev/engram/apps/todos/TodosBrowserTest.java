package dev.engram.apps.todos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.apps.support.JournalServer;
import dev.engram.apps.support.LivePage;
import dev.engram.apps.support.ProviderSetup;
import dev.engram.journal.Journal;
import dev.engram.journal.Todo;
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
 * The Todos page in a real browser: add, complete, edit, carry over, and a change made elsewhere in the journal
 * reaching the page through the change feed as {@code journal.changed} (as boot's journal-feed sends it).
 */
@UsesBrowser
class TodosBrowserTest {
    @TempDir
    static Path dir;
    static JournalServer server;
    static Browser browser;
    static LivePage page;

    @BeforeAll
    static void start() {
        Journal journal = TodosJournal.create(dir.resolve("journal"));
        page = new LivePage(journal, ProviderSetup.registry(journal), List.of(new TodosApp(TodosJournal.CLOCK)));
        server = page.server;
        browser = page.browser;
    }

    @AfterAll
    static void stop() throws Exception {
        if (page != null) {
            page.close();
        }
    }

    /** The facet's todo texts, read in one script (the list is redrawn on every change). */
    @SuppressWarnings("unchecked")
    static List<String> texts(String facet) {
        return (List<String>) browser.js("return Array.from(document.querySelectorAll(arguments[0]))"
                + ".map(e => e.textContent)", ".td-facet[data-facet='" + facet + "'] .td-item .td-text");
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

    static List<Todo> today(String facet) {
        return server.journal.facetStore(facet).todos(TodosJournal.TODAY);
    }

    @Test
    void addCompleteEditCarryOverAndSeeChangesMadeElsewhere() {
        browser.open(server.url + "/app/todos/" + TodosJournal.TODAY.key());
        browser.await(d -> texts("work").contains("Review the pull request"));
        assertThat(browser.find("#todos-upcoming").getText()).contains("Water the plants");
        ProviderSetup.assertNoticeShown(browser, "todos-setup", "OPENAI_API_KEY", "config/journal.json");

        WebElement text = browser.find(".td-facet[data-facet='work'] .td-add input[name=text]");
        text.sendKeys("Call the bank");
        click(".td-facet[data-facet='work'] .td-add-button");
        browser.await(d -> texts("work").contains("Call the bank"));
        assertThat(today("work")).extracting(Todo::text).contains("Call the bank");

        click(".td-facet[data-facet='work'] .td-item[data-id='1'] .td-check");
        Awaitility.await().until(() -> today("work").get(0).status() == Todo.Status.DONE);
        browser.await(d -> !d.findElements(By.cssSelector(".td-facet[data-facet='work'] .td-item.td-done")).isEmpty());

        click(".td-facet[data-facet='work'] .td-item[data-id='2'] .td-text");
        WebElement edit = browser.visible(By.cssSelector(".td-facet[data-facet='work'] .td-edit input[name=text]"));
        edit.clear();
        edit.sendKeys("Call the bank about the loan");
        browser.find(".td-facet[data-facet='work'] .td-save").click();
        browser.await(d -> texts("work").contains("Call the bank about the loan"));
        assertThat(today("work").get(1).text()).isEqualTo("Call the bank about the loan");

        click("#todos-carry");
        browser.await(d -> texts("work").contains("Book the venue"));
        assertThat(browser.find("#todos-status").getText()).isEqualTo("2 todos carried over.");
        assertThat(browser.find(".td-facet[data-facet='work']").getText()).contains("carried over from");

        // written by someone else (an agent, MCP): reaches the page through journal.changed
        server.journal.facetStore("home").addTodo(TodosJournal.TODAY,
                Todo.open("Buy bread", Optional.empty(), TodosJournal.CLOCK.millis()));
        browser.await(d -> texts("home").contains("Buy bread"));
        browser.screenshot(Browser.SCREENSHOTS.resolve("todos.png"));

        // a provider configured: the notice is gone at the next load
        ProviderSetup.configure(server.journal);
        browser.driver.navigate().refresh();
        browser.await(d -> texts("home").contains("Buy bread"));
        assertThat(browser.find("#todos-setup").isDisplayed()).isFalse();
    }
}
