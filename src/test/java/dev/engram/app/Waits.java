package dev.engram.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Generous waits for tests with real threads. */
final class Waits {
    static final long SECONDS = 10;

    private Waits() {
    }

    static void until(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
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
