package dev.engram.apps.todos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.apps.support.JournalServer;
import dev.engram.apps.support.LivePage;
import dev.engram.apps.support.ProviderSetup;
import dev.engram.journal.ActionLogEntry;
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
import org.openqa.selenium.interactions.Actions;

/**
 * The Todos page in a real browser: add, complete, edit, carry over, cancel, reopen, drag to reorder, and a change made elsewhere in the journal
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

    /** The facet's latest action-log entry today, as {@code actor/source:action}. */
    static String lastAction() {
        List<ActionLogEntry> logs = server.journal.facetStore("work").logs(TodosJournal.TODAY);
        ActionLogEntry a = logs.get(logs.size() - 1);
        return a.actor() + "/" + a.source() + ":" + a.action();
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

        // cancel and reopen with the item's buttons: the page, the todo line and the action log
        click(".td-facet[data-facet='work'] .td-item[data-id='2'] .td-cancel");
        browser.await(d -> !d.findElements(By.cssSelector(
                ".td-facet[data-facet='work'] .td-item.td-cancelled[data-id='2'] .td-reopen")).isEmpty());
        assertThat(browser.find("#todos-status").getText()).isEqualTo("Cancelled.");
        assertThat(today("work").get(1).status()).isEqualTo(Todo.Status.CANCELLED);
        assertThat(lastAction()).isEqualTo("todos/app:todo_cancel");
        click(".td-facet[data-facet='work'] .td-item[data-id='2'] .td-reopen");
        browser.await(d -> !d.findElements(By.cssSelector(
                ".td-facet[data-facet='work'] .td-item.td-open[data-id='2'] .td-cancel")).isEmpty());
        assertThat(today("work").get(1).status()).isEqualTo(Todo.Status.OPEN);
        assertThat(lastAction()).isEqualTo("todos/app:todo_reopen");

        // drag "Book the venue" (4) onto the first item: a real HTML5 drag by the browser's input pipeline
        new Actions(browser.driver).dragAndDrop(
                browser.find(".td-facet[data-facet='work'] .td-item[data-id='4'] .td-handle"),
                browser.find(".td-facet[data-facet='work'] .td-item[data-id='1'] .td-text")).perform();
        browser.await(d -> texts("work").equals(List.of("Book the venue", "Review the pull request",
                "Call the bank about the loan", "Write the quarterly report")));
        browser.await(d -> d.findElement(By.id("todos-status")).getText().equals("Order saved."));
        assertThat(today("work")).extracting(t -> TodoFields.order(t).orElse(-1)).containsExactly(2, 3, 4, 1);
        assertThat(lastAction()).isEqualTo("todos/app:todo_reorder");
        browser.reload();
        browser.await(d -> texts("work").size() == 4 && texts("work").get(0).equals("Book the venue"));

        // written by someone else (an agent, MCP): reaches the page through journal.changed
        server.journal.facetStore("home").addTodo(TodosJournal.TODAY,
                Todo.open("Buy bread", Optional.empty(), TodosJournal.CLOCK.millis()));
        browser.await(d -> texts("home").contains("Buy bread"));
        browser.screenshot(Browser.SCREENSHOTS.resolve("todos.png"));

        // a provider configured: the notice is gone at the next load
        ProviderSetup.configure(server.journal);
        browser.reload();
        browser.await(d -> texts("home").contains("Buy bread"));
        assertThat(browser.find("#todos-setup").isDisplayed()).isFalse();
    }
}
