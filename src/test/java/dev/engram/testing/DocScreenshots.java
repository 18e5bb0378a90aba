package dev.engram.testing;

import dev.engram.boot.Engram;
import dev.engram.boot.EngramOptions;
import dev.engram.callosum.CallosumClient;
import dev.engram.callosum.Message;
import dev.engram.cli.Main;
import dev.engram.convey.Passwords;
import dev.engram.journal.Journal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Refreshes the screenshots of the docs ({@code docs/screenshots/*.png}) deliberately, never as a side effect of the
 * tests: {@code bin/screenshots [FOLDER]}. It generates a small demo journal with a fixed last day ({@link #END}), so
 * the pages show the same data on every run, starts Engram on it and saves the login page, the shell with a
 * notification, and the apps (Imports after importing a small transcript, search once the index has caught up)
 * through the shared headless chromium. Exits 1 with a message when chromium or chromedriver is missing.
 */
public final class DocScreenshots {
    /** The demo journal's last day, the day every page shows. */
    static final String END = "20261127";
    private static final String PASSWORD = "screenshot password";

    private DocScreenshots() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/screenshots");
        if (!Files.isExecutable(Browser.CHROMIUM) || !Files.isExecutable(Browser.CHROMEDRIVER)) {
            System.err.println("screenshots: need " + Browser.CHROMIUM + " and " + Browser.CHROMEDRIVER
                    + " (apt-get install chromium chromium-driver fonts-noto-color-emoji)");
            System.exit(1);
        }
        Path tmp = Files.createTempDirectory("engram-screenshots");
        Path root = tmp.resolve("journal");
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"demo", "--journal", root.toString(), "--days", "30", "--end", END},
                new PrintWriter(new StringWriter()), new PrintWriter(err, true));
        if (code != 0) {
            System.err.println("screenshots: engram demo failed: " + err);
            System.exit(1);
        }
        Journal journal = Journal.open(root);
        Passwords.set(journal, PASSWORD.toCharArray());
        journal.updateConfig(c -> c.withConvey(c.convey().withTrustLocalhost(false))); // show the login page
        String run = sampleRun(journal);
        Engram engram = Engram.start(new EngramOptions(root, "127.0.0.1", 0, Optional.of(tmp.resolve("bus.sock"))));
        try (Browser b = Browser.start(1280, 900)) {
            take(b, engram, out);
            takeAgents(b, engram.url(), run, out);
        } finally {
            engram.close();
        }
        System.out.println("screenshots: wrote " + out.toAbsolutePath() + " (demo journal ending " + END + ")");
        System.exit(0); // the shutdown hook quits chromium
    }

    /**
     * A finished chat run on the last day (the demo has no provider, so the pages show a run as it was written):
     * its log in agents/ and its conversation in apps/chat/chats/.
     */
    private static String sampleRun(Journal journal) {
        long ts = java.time.LocalDate.parse(END, java.time.format.DateTimeFormatter.BASIC_ISO_DATE).atTime(10, 15)
                .atZone(java.time.ZoneId.systemDefault()).toInstant().toEpochMilli();
        String id = Long.toString(ts);
        String[] lines = {
            "{\"event\":\"request\",\"ts\":" + ts + ",\"agent_id\":\"" + id + "\",\"prompt\":\"What did I"
                + " promise in yesterday's standup?\",\"persona\":\"default\"}",
            "{\"event\":\"start\",\"ts\":" + (ts + 40) + ",\"agent_id\":\"" + id + "\",\"prompt\":\"What did I"
                + " promise in yesterday's standup?\",\"persona\":\"default\",\"model\":\"gpt-4.1-mini\","
                + "\"backend\":\"openai\"}",
            "{\"event\":\"tool_start\",\"ts\":" + (ts + 900) + ",\"agent_id\":\"" + id + "\",\"tool\":"
                + "\"search_journal\",\"args\":{\"query\":\"standup\",\"day\":\"20261126\"},\"call_id\":\"call_1\"}",
            "{\"event\":\"tool_end\",\"ts\":" + (ts + 960) + ",\"agent_id\":\"" + id + "\",\"tool\":"
                + "\"search_journal\",\"args\":{\"query\":\"standup\",\"day\":\"20261126\"},\"result\":"
                + "\"1 result: 20261126 093000_300 standup: I'll send the release notes by Friday\",\"call_id\":\"call_1\"}",
            "{\"event\":\"finish\",\"ts\":" + (ts + 3200) + ",\"agent_id\":\"" + id + "\",\"result\":\"You"
                + " promised to send the release notes by Friday [20261126 093000_300].\",\"usage\":"
                + "{\"input_tokens\":1840,\"output_tokens\":64,\"total_tokens\":1904,\"requests\":2}}"};
        try {
            Path agents = journal.root().resolve("agents");
            Files.createDirectories(agents);
            Files.writeString(agents.resolve(id + ".jsonl"), String.join("\n", lines) + "\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        journal.writeAppFile("chat", "{\"ts\":" + ts + ",\"facet\":null,\"title\":\"What did I promise in"
                + " yesterday's standup?\",\"unread\":false,\"archived\":false,\"updated_ts\":" + ts
                + ",\"from\":{\"type\":\"owner\"},\"persona\":\"default\",\"runs\":[\"" + id + "\"]}",
                "chats", id + ".json");
        return id;
    }

    private static void takeAgents(Browser b, String url, String run, Path out) {
        b.open(url + "/app/chat?c=" + run);
        b.await(d -> !d.findElements(By.cssSelector(".ch-turn .ch-cite")).isEmpty());
        b.find(".ch-tool summary").click();
        b.screenshot(out.resolve("chat.png"));
        b.open(url + "/app/agents/" + END);
        b.await(d -> !d.findElements(By.cssSelector("#ag-runs tr.ag-finished")).isEmpty());
        b.find("#ag-runs tr.ag-finished").click();
        b.await(ExpectedConditions.textToBePresentInElementLocated(By.id("ag-events"), "finish"));
        b.screenshot(out.resolve("agents.png"));
    }

    private static void take(Browser b, Engram engram, Path out) throws java.io.IOException {
        String url = engram.url();
        b.open(url + "/login");
        b.visible(By.id("password"));
        b.screenshot(out.resolve("login.png"));
        b.logIn(url, PASSWORD);

        b.open(url + "/app/home/" + END);
        b.await(d -> !d.findElement(By.cssSelector("[data-count=todos_open] .home-count-n")).getText().isBlank());
        b.screenshot(out.resolve("home.png"));
        b.js("AppServices.notify({title: 'Welcome', message: 'Engram is running.', app: 'home'})");
        b.await(d -> d.findElement(By.cssSelector(".notification")).isDisplayed());
        b.screenshot(out.resolve("shell.png"));

        b.open(url + "/app/transcripts/" + END);
        b.visible(By.cssSelector(".tr-item-btn")).click();
        b.await(d -> !d.findElement(By.id("tr-segment")).getText().isBlank());
        b.screenshot(out.resolve("transcripts.png"));

        b.open(url + "/app/settings");
        b.await(d -> !d.findElement(By.name("name")).getDomProperty("value").isEmpty());
        b.screenshot(out.resolve("settings.png"));

        b.open(url + "/app/mcp");
        b.await(d -> !d.findElements(By.cssSelector("#mcp-tokens tr")).isEmpty());
        b.screenshot(out.resolve("mcp.png"));

        b.open(url + "/app/todos/" + END);
        b.await(d -> !d.findElements(By.cssSelector(".td-facet")).isEmpty());
        b.screenshot(out.resolve("todos.png"));

        b.open(url + "/app/entities");
        b.await(d -> !d.findElements(By.cssSelector(".en-facet .en-attached")).isEmpty());
        b.screenshot(out.resolve("entities.png"));
        b.find(".en-facet .en-attached a.en-name").click();
        b.await(d -> !d.findElement(By.id("entity-mentions-note")).getText().isBlank());
        b.screenshot(out.resolve("entity.png"));
        b.open(url + "/app/calendar?view=month&day=" + END);
        b.await(d -> !d.findElements(By.cssSelector("#cal-body .cal-event")).isEmpty());
        b.screenshot(out.resolve("calendar.png"));

        b.open(url + "/app/health");
        b.await(d -> !d.findElements(By.cssSelector("#health-services tr[data-service]")).isEmpty());
        b.screenshot(out.resolve("health.png"));

        b.open(url + "/app/live");
        b.await(ExpectedConditions.attributeContains(By.id("live-status"), "class", "connected"));
        By rows = By.cssSelector("#lv-events li.lv-event");
        // The page's stream registers a moment after it connects: send until the first event shows.
        b.await(d -> CallosumClient.send(engram.socket(), Message.of("observe", "observed",
                Map.of("day", END, "segment", "093000_300"))) && !d.findElements(rows).isEmpty());
        CallosumClient.send(engram.socket(), Message.of("cortex", "agent_start", Map.of("agent", "default")));
        b.await(ExpectedConditions.textToBePresentInElementLocated(rows, "agent_start"));
        b.screenshot(out.resolve("live.png"));

        b.open(url + "/app/imports");
        Path notes = Files.createTempDirectory("engram-import").resolve("planning-call.md");
        Files.writeString(notes, "# Planning call\n[16:00] Ada: Let's fix the release date.\n"
                + "[16:02] Grace: Friday works if the docs are done.\n[16:20] Ada: Then Friday it is.\n");
        b.visible(By.id("im-file")).sendKeys(notes.toString());
        b.js("document.getElementById('im-when').value = '2026-11-27T16:00:00'");
        b.visible(By.id("im-submit")).click();
        b.await(ExpectedConditions.textToBePresentInElementLocated(By.id("im-status"), "Imported as"));
        b.await(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#im-list .im-item"), "done"));
        b.screenshot(out.resolve("imports.png"));

        awaitIndex(engram);
        b.open(url + "/app/search?q=meeting");
        b.await(d -> !d.findElements(By.cssSelector("#sr-days .sr-day")).isEmpty()
                && !d.findElements(By.cssSelector("#sr-hist canvas")).isEmpty());
        b.screenshot(out.resolve("search.png"));

        b.open(url + "/app/stats");
        b.await(d -> !d.findElements(By.cssSelector("#stats-days canvas")).isEmpty());
        b.screenshot(out.resolve("stats.png"));

        b.open(url + "/app/tokens");
        b.await(d -> !d.findElements(By.cssSelector("#tokens-cost canvas")).isEmpty());
        b.screenshot(out.resolve("tokens.png"));

        // an observer (created like 'engram observer create') that has delivered a segment and relayed its status
        b.open(url + "/app/observers");
        b.visible(By.name("name")).sendKeys("laptop.tmux");
        b.find("#ob-create button[type=submit]").click();
        b.await(ExpectedConditions.visibilityOfElementLocated(By.id("ob-created")));
        String key = b.find("#ob-key").getDomProperty("value");
        b.js("return fetch('/app/observer/ingest/event', {method: 'POST', headers: {'Authorization': 'Bearer ' + arguments[0],"
                + " 'Content-Type': 'application/json'}, body: JSON.stringify({tract: 'observe', event: 'status', mode: 'tmux',"
                + " tmux: {sessions: ['work']}})}).then(r => r.status)", key);
        b.await(ExpectedConditions.textToBePresentInElementLocated(By.id("ob-list"), "tmux: work"));
        b.screenshot(out.resolve("observers.png"));
    }

    /** Waits (at most a minute) until the index service has caught up with the demo journal. */
    private static void awaitIndex(Engram engram) {
        long until = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < until) {
            var index = engram.health().services().get("index");
            if (index != null && Boolean.TRUE.equals(index.facts().get("caught_up"))) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
