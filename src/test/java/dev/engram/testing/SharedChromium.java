package dev.engram.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The one chromium (and chromedriver) of a test JVM, lent to one {@link Browser} at a time. Started at the first lease
 * (about a second) instead of once per test; quit by a shutdown hook at JVM exit. Each lease starts in a new window
 * (the old ones are closed) with the browser's cookies cleared, and at its end clears the cookies and the storage of
 * every origin it opened, so no state leaks from one test to the next. A session that died (chromium crashed) is
 * replaced at the next lease.
 *
 * <p>Threading: leases are serialised by a semaphore; only the lease holder touches the driver. A second
 * {@code Browser.start()} waits up to 100 s for the first to close, then fails with a message naming the fix.
 */
final class SharedChromium {
    static final SharedChromium INSTANCE = new SharedChromium();
    private static final long LEASE_WAIT_SECONDS = 100;

    private final Semaphore free = new Semaphore(1);
    private ChromeDriver driver; // guarded by the semaphore
    private Path profile;
    private boolean hooked;

    private SharedChromium() {
    }

    Lease lease() {
        try {
            if (!free.tryAcquire(LEASE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the shared chromium stayed busy for " + LEASE_WAIT_SECONDS
                        + " s: close every Browser (try-with-resources), don't open two at once, and annotate test"
                        + " classes that use one with @UsesBrowser (they then run one at a time)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the shared chromium", e);
        }
        try {
            ChromeDriver d = running();
            freshWindow(d);
            return new Lease(d);
        } catch (RuntimeException e) {
            discard();
            free.release();
            throw e;
        }
    }

    /** The live driver, started (again) if there is none or the old session died. */
    private ChromeDriver running() {
        if (driver != null) {
            try {
                driver.getWindowHandles();
                return driver;
            } catch (WebDriverException e) {
                discard(); // chromium crashed or was killed: start a new one
            }
        }
        try {
            profile = Files.createTempDirectory("chrome-profile");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Browser.CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions o = new ChromeOptions();
        o.setBinary(Browser.CHROMIUM.toString());
        o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--user-data-dir=" + profile, "--window-size=1200,800",
                // one renderer for every test server's origin: each test's server has a port, so an origin, of its
                // own, and site isolation started a renderer process for each (about 15 % of chromium's CPU time)
                "--disable-features=site-per-process,IsolateOrigins", "--disable-site-isolation-trials",
                "--renderer-process-limit=1", "--disable-extensions", "--mute-audio");
        driver = new ChromeDriver(service, o);
        // A navigation stuck behind held connections must fail the test, not just slow it down.
        driver.manage().timeouts().pageLoadTimeout(Browser.WAIT);
        if (!hooked) {
            hooked = true;
            Runtime.getRuntime().addShutdownHook(new Thread(this::discard, "shared-chromium-quit"));
        }
        return driver;
    }

    /** Opens a new window, closes all others and clears the cookies: the next test starts from nothing. */
    private static void freshWindow(ChromeDriver d) {
        Set<String> old = d.getWindowHandles();
        d.switchTo().newWindow(WindowType.WINDOW);
        String fresh = d.getWindowHandle();
        for (String h : old) {
            d.switchTo().window(h).close();
        }
        d.switchTo().window(fresh);
        d.executeCdpCommand("Network.clearBrowserCookies", Map.of());
    }

    /** Quits chromium and chromedriver and deletes the profile; harmless when nothing runs. */
    private synchronized void discard() {
        ChromeDriver d = driver;
        driver = null;
        if (d != null) {
            try {
                d.quit();
            } catch (WebDriverException e) {
                // already gone
            }
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                // a leftover temp profile is harmless
            }
            profile = null;
        }
    }

    /** One test's use of the browser, from {@link Browser#start()} to {@link Browser#close()}. */
    final class Lease implements AutoCloseable {
        private final ChromeDriver driver;
        private final Set<String> origins = new LinkedHashSet<>();
        private final AtomicBoolean closed = new AtomicBoolean();

        private Lease(ChromeDriver driver) {
            this.driver = driver;
        }

        ChromeDriver driver() {
            return driver;
        }

        /** Remembers the origin of a page opened, to clear its storage at the end. */
        void visited(URI url) {
            if (url.getScheme() != null && url.getScheme().startsWith("http") && url.getAuthority() != null) {
                origins.add(url.getScheme() + "://" + url.getAuthority());
            }
        }

        @Override
        public void close() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            try {
                for (String origin : List.copyOf(origins)) {
                    driver.executeCdpCommand("Storage.clearDataForOrigin",
                            Map.of("origin", origin, "storageTypes", "all"));
                }
                driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
                driver.get("about:blank"); // ends the page's open streams (SSE) before its server stops
            } catch (WebDriverException e) {
                discard(); // a broken session is not lent again
            } finally {
                free.release();
            }
        }
    }
}
