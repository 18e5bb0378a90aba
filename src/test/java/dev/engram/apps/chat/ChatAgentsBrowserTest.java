package dev.engram.apps.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.cortex.runs.OpenAiWire;
import dev.engram.testing.Browser;
import dev.engram.testing.UsesBrowser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The chat and agents apps in a real browser against a real server, real runs, Engram's real provider layer (through
 * the outbound door) and journal tools (over a real index), and a local server speaking OpenAI's streaming protocol;
 * screenshots to target/screenshots/.
 */
@UsesBrowser
class ChatAgentsBrowserTest {
    @TempDir
    static Path dir;
    static MockWebServer openai;
    static ChatAgentsServer server;
    static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        openai = new MockWebServer();
        openai.start();
        // Engram's real provider layer and journal tools over a real index; the provider is a local server speaking
        // OpenAI's streaming wire protocol
        server = ChatAgentsServer.indexed(dir, openai.url("/v1").toString(), 4);
        browser = Browser.start(1280, 900);
        browser.logIn(server.url, ChatAgentsServer.PASSWORD);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
        if (openai != null) {
            openai.close();
        }
    }

    @Test
    void chatStreamsTheAnswerShowsToolCallsLinksCitationsAndContinues() throws Exception {
        openai.enqueue(OpenAiWire.toolCall("call_1", "search_journal", "{\"query\":\"dinner\"}", 100, 20));
        openai.enqueue(OpenAiWire.text(150, 12, "The birthday dinner is ", "on Friday ", "[20240301 093000_300]",
                " <b>not bold</b>."));
        browser.open(server.url + "/app/chat");
        browser.await(d -> "true".equals(d.findElement(By.id("chat-app")).getDomAttribute("data-ready")));
        // the owner picks the configured endpoint (listed with its model)
        Select provider = new Select(browser.find("#ch-provider"));
        assertThat(browser.find("#ch-provider-hint").isDisplayed()).isFalse();
        provider.selectByValue("local");
        assertThat(provider.getFirstSelectedOption().getText()).contains("gpt-test");
        WebElement prompt = browser.find("#ch-prompt");
        prompt.sendKeys("When is the birthday dinner?");
        browser.find("#ch-send").click();
        browser.await(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".ch-answer .ch-cite")));
        WebElement answer = browser.find(".ch-answer");
        assertThat(answer.getText()).contains("The birthday dinner is on Friday").contains("<b>not bold</b>");
        assertThat(answer.findElements(By.tagName("b"))).isEmpty();
        WebElement cite = browser.find(".ch-answer .ch-cite");
        assertThat(cite.getDomAttribute("href")).isEqualTo("/app/transcripts/20240301?segment=093000_300");
        WebElement tool = browser.find(".ch-tool");
        assertThat(tool.findElement(By.tagName("summary")).getText()).contains("search_journal").contains("dinner");
        tool.findElement(By.tagName("summary")).click();
        assertThat(tool.findElement(By.className("ch-tool-result")).getText()).contains("Birthday dinner planned");
        browser.await(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#ch-conversations li.ch-current")));
        assertThat(browser.find("#ch-conversations").getText()).contains("When is the birthday dinner?");
        assertThat(browser.screenshot(Browser.SCREENSHOTS.resolve("chat.png"))).isNotEmptyFile();

        // a follow-up continues the thread: the model gets the earlier turn
        openai.enqueue(OpenAiWire.text(200, 3, "At 8 pm."));
        browser.find("#ch-prompt").sendKeys("What time?", Keys.ENTER);
        browser.await(d -> d.findElements(By.cssSelector(".ch-turn")).size() == 2
                && d.findElements(By.cssSelector(".ch-turn .ch-answer")).get(1).getText().equals("At 8 pm."));
        openai.takeRequest(5, TimeUnit.SECONDS);
        openai.takeRequest(5, TimeUnit.SECONDS);
        assertThat(openai.takeRequest(5, TimeUnit.SECONDS).getBody().utf8()).contains("When is the birthday dinner?");
        // reloading the conversation shows both turns
        browser.open(browser.driver.getCurrentUrl());
        browser.await(d -> d.findElements(By.cssSelector(".ch-turn")).size() == 2);
        assertThat(browser.find(".ch-turn .ch-answer .ch-cite").getText()).contains("2024-03-01 09:30");
        // the conversation kept its provider: both runs' request lines name it, and the picker shows it again
        assertThat(new Select(browser.find("#ch-provider")).getFirstSelectedOption().getDomAttribute("value"))
                .isEqualTo("local");
        String id = browser.driver.getCurrentUrl().replaceAll(".*[?&]c=", "");
        assertThat(Files.readAllLines(server.journal.root().resolve("agents/" + id + ".jsonl")).get(0))
                .contains("\"provider\":\"local\"").contains("\"model\":\"gpt-test\"");
    }

    @Test
    void agentsListsRunsShowsTheLogStartsAndCancels() throws Exception {
        openai.enqueue(OpenAiWire.text(10, 2, "Done."));
        String today = LocalDate.now().toString().replace("-", "");
        browser.open(server.url + "/app/agents/" + today);
        browser.await(d -> "true".equals(d.findElement(By.id("agents-app")).getDomAttribute("data-loaded")));
        browser.await(d -> d.findElements(By.cssSelector("#ag-persona option")).size() >= 4);
        // the provider picker: "by tier" or the configured endpoint, named with its model; the choice is recorded
        browser.await(d -> d.findElements(By.cssSelector("#ag-provider option")).size() == 2);
        Select provider = new Select(browser.find("#ag-provider"));
        assertThat(browser.find("#ag-provider-hint").isDisplayed()).isFalse();
        provider.selectByValue("local");
        assertThat(provider.getFirstSelectedOption().getText()).contains("local").contains("gpt-test");
        browser.find("#ag-prompt").sendKeys("Brief me");
        browser.find("#ag-start button").click();
        browser.await(ExpectedConditions.textToBePresentInElementLocated(By.id("ag-status"), "Started run"));
        String started = browser.find("#ag-status").getText().replace("Started run", "").strip();
        Path startedFile = server.journal.root().resolve("agents/" + started + ".jsonl");
        browser.await(d -> Files.exists(startedFile));
        assertThat(Files.readAllLines(startedFile).get(0)).contains("\"provider\":\"local\"")
                .contains("\"model\":\"gpt-test\"");
        provider.selectByValue("");
        browser.await(d -> d.findElements(By.cssSelector("#ag-runs tr.ag-finished")).size() >= 1);
        WebElement row = browser.find("#ag-runs tr.ag-finished");
        assertThat(row.getText()).contains("default").contains("gpt-test").contains("10 / 2").contains("Brief me");
        row.click();
        browser.await(ExpectedConditions.textToBePresentInElementLocated(By.id("ag-events"), "finish"));
        assertThat(browser.find("#ag-events").getText()).contains("request").contains("start").contains("Done.");

        // a run that hangs: cancelled from the list
        openai.enqueue(new MockResponse.Builder().headersDelay(30, TimeUnit.SECONDS)
                .addHeader("Content-Type", "text/event-stream").body("data: [DONE]\n\n").build());
        browser.find("#ag-prompt").sendKeys("Hang");
        browser.find("#ag-start button").click();
        browser.await(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#ag-runs tr.ag-running .ag-cancel")));
        assertThat(browser.screenshot(Browser.SCREENSHOTS.resolve("agents.png"))).isNotEmptyFile();
        browser.find("#ag-runs tr.ag-running .ag-cancel").click();
        browser.await(d -> d.findElements(By.cssSelector("#ag-runs tr.ag-running")).isEmpty()
                && !d.findElements(By.cssSelector("#ag-runs tr.ag-failed")).isEmpty());
        assertThat(browser.find("#ag-runs tr.ag-failed .ag-prompt").getDomAttribute("title")).isEqualTo("cancelled");
    }
}
