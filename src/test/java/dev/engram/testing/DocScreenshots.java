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
 * notification, and the four apps through the shared headless chromium. Exits 1 with a message when chromium or
 * chromedriver is missing.
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
        Engram engram = Engram.start(new EngramOptions(root, "127.0.0.1", 0, Optional.of(tmp.resolve("bus.sock"))));
        try (Browser b = Browser.start(1280, 900)) {
            take(b, engram, out);
        } finally {
            engram.close();
        }
        System.out.println("screenshots: wrote " + out.toAbsolutePath() + " (demo journal ending " + END + ")");
        System.exit(0); // the shutdown hook quits chromium
    }

    private static void take(Browser b, Engram engram, Path out) {
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

        b.open(url + "/app/live");
        b.await(ExpectedConditions.attributeContains(By.id("live-status"), "class", "connected"));
        By rows = By.cssSelector("#lv-events li.lv-event");
        // The page's stream registers a moment after it connects: send until the first event shows.
        b.await(d -> CallosumClient.send(engram.socket(), Message.of("observe", "observed",
                Map.of("day", END, "segment", "093000_300"))) && !d.findElements(rows).isEmpty());
        CallosumClient.send(engram.socket(), Message.of("cortex", "agent_start", Map.of("agent", "default")));
        b.await(ExpectedConditions.textToBePresentInElementLocated(rows, "agent_start"));
        b.screenshot(out.resolve("live.png"));
    }
}
