package dev.engram.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A fresh window of the one headless Debian chromium a test JVM shares ({@link SharedChromium}): chromium and
 * chromedriver start at the first {@link #start()} and quit at JVM exit; every {@code Browser} gets a new window of
 * the requested size with no cookies, no storage and no history. Only one {@code Browser} is open at a time (the
 * window is the whole browser's focus): test classes that use one are annotated {@link UsesBrowser}, which runs them
 * in their own phase, one after the other. Starting one skips the test, through a JUnit assumption, when
 * /usr/bin/chromium or /usr/bin/chromedriver is missing.
 */
public final class Browser implements AutoCloseable {
    /** Where the tests' screenshots go: under target/, never the tracked docs/screenshots/ (see bin/screenshots). */
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /** The JUnit resource lock of the shared browser (see {@link UsesBrowser}). */
    public static final String LOCK = "dev.engram.testing.Browser";
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Duration WAIT = Duration.ofSeconds(15);
    /** How often {@link #await} checks again: Selenium's default, 500 ms, cost most waits a quarter of a second. */
    static final Duration POLL = Duration.ofMillis(20);
    public final WebDriver driver;
    private final SharedChromium.Lease lease;

    private Browser(SharedChromium.Lease lease) {
        this.lease = lease;
        this.driver = lease.driver();
    }

    /** A 1200x800 window. */
    public static Browser start() {
        return start(1200, 800);
    }

    public static Browser start(int width, int height) {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "browser tests need " + CHROMIUM + " and " + CHROMEDRIVER + " (apt-get install chromium chromium-driver)");
        SharedChromium.Lease lease = SharedChromium.INSTANCE.lease();
        try {
            lease.driver().manage().window().setSize(new Dimension(width, height));
            return new Browser(lease);
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    /**
     * Opens {@code url} and returns once its document (or the one a redirect led to) has loaded. chromedriver's
     * {@code get} alone sometimes returns while the previous page is still the current document (seen when the last
     * step started a navigation of its own, e.g. a login's redirect), and a lookup right after then fails on the old
     * page: the old document is marked first, and the wait ends only on a document without the mark.
     */
    public void open(String url) {
        lease.visited(URI.create(url));
        leaving(() -> driver.get(url));
    }

    /** Reloads the page, waiting for the new document as {@link #open} does. */
    public void reload() {
        leaving(() -> driver.navigate().refresh());
    }

    private void leaving(Runnable navigation) {
        try {
            js("window.engramLeaving = true");
        } catch (WebDriverException e) {
            // no scriptable page yet (a fresh window): nothing to tell apart
        }
        navigation.run();
        await(d -> {
            try {
                return Boolean.TRUE.equals(js("return !window.engramLeaving && document.readyState === 'complete'"));
            } catch (WebDriverException e) {
                return false; // the document changed while the check ran: look again
            }
        });
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    /** Waits up to 15 s for the element to be displayed (see {@link #await}). */
    public WebElement visible(By by) {
        return await(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** Waits up to 15 s for the condition to be true or non-null, checking every 20 ms. */
    public <T> T await(Function<? super WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT, POLL).until(condition);
    }

    public Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /**
     * Logs in to the server at {@code base} as its login form does, over HTTP ({@link SessionCookies}), and gives
     * this window the cookies the server set; opens no page (the test opens the one it is about). Tests of the form
     * itself use {@link #logInWithTheForm}.
     */
    public void logIn(String base, String password) {
        lease.visited(URI.create(base));
        for (Map<String, Object> cookie : SessionCookies.logIn(base, password)) {
            Object set = lease.driver().executeCdpCommand("Network.setCookie", cookie);
            if (set instanceof Map<?, ?> m && Boolean.FALSE.equals(m.get("success"))) {
                throw new IllegalStateException("chromium refused the cookie " + cookie.get("name") + " for " + base);
            }
        }
    }

    /** Logs in through the login form of the server at {@code base} and waits for the shell's menu. */
    public void logInWithTheForm(String base, String password) {
        open(base + "/login");
        find("#password").sendKeys(password);
        find("#login-button").click();
        await(d -> !d.findElements(By.cssSelector("#menu")).isEmpty());
    }

    /** Saves a PNG of the window to {@code file} (tests: under {@link #SCREENSHOTS}), creating its folder. */
    public Path screenshot(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Forgets this window's cookies and storage and hands the shared chromium to the next test. */
    @Override
    public void close() {
        lease.close();
    }
}
