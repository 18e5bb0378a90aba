package dev.engram.testing;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.pollinterval.IterativePollInterval;
import org.junit.jupiter.api.extension.Extension;

/**
 * Awaitility's defaults for the whole test JVM, set once when JUnit loads this extension (registered for every class
 * through {@code META-INF/services} and {@code junit.jupiter.extensions.autodetection.enabled}): the first check runs
 * at once instead of after 100 ms, then every 10, 20, 40, 80, 100, 100... ms. Awaitility's own default waits 100 ms
 * before even the first check, so each of the suite's few hundred {@code await()} calls cost at least that. An
 * uncaught exception of another thread does not fail an {@code await()} (see the initialiser).
 *
 * <p>Threading: the defaults are written once, in this class's static initialiser (run once per JVM, before the first
 * test), and never changed; an {@code await()} that names its own poll interval or delay keeps it.
 */
public final class QuickWaits implements Extension {
    static final Duration FIRST = Duration.ofMillis(10);
    static final Duration MOST = Duration.ofMillis(100);

    static {
        // Awaitility's default fails a waiting test with any thread's uncaught exception: with classes in parallel,
        // an exception on one test's background thread failed whichever other test was waiting (CI: a callosum test's
        // ticker thread failed IndexFollowsTheBusTest). A test checks its own threads' failures itself.
        Awaitility.doNotCatchUncaughtExceptionsByDefault();
        Awaitility.setDefaultPollDelay(Duration.ZERO);
        Awaitility.setDefaultPollInterval(new IterativePollInterval(
                d -> d.multipliedBy(2).compareTo(MOST) > 0 ? MOST : d.multipliedBy(2), FIRST));
    }
}
