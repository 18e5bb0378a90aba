package dev.engram.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;

/** Generous waits for tests with real threads (Awaitility underneath). */
final class Waits {
    static final long SECONDS = 10;

    private Waits() {
    }

    /** Waits up to {@link #SECONDS} for the condition to become true. */
    static void until(String what, BooleanSupplier condition) throws InterruptedException {
        Awaitility.await(what).atMost(Duration.ofSeconds(SECONDS)).pollInterval(Duration.ofMillis(10))
                .until(condition::getAsBoolean);
    }

    /**
     * Checks a negative ("nothing happens"): the condition must stay true for the whole {@code period}, polled, and
     * fails as soon as it turns false. Use instead of a bare sleep followed by an assertion.
     */
    static void holds(String what, Duration period, BooleanSupplier condition) {
        Awaitility.await(what).during(period).atMost(period.plusSeconds(SECONDS)).pollInterval(Duration.ofMillis(10))
                .until(condition::getAsBoolean);
    }

    static void await(CountDownLatch latch, String what) throws InterruptedException {
        assertThat(latch.await(SECONDS, TimeUnit.SECONDS)).as(what).isTrue();
    }

    /** Waits on a latch a test releases; true when released. Used inside handlers to block them. */
    static boolean block(CountDownLatch gate) {
        try {
            return gate.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
