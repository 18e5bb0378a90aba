package dev.engram.convey;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The two guards around /login: where it may redirect to, and how many attempts it allows. */
class LoginGuardsTest {
    @Test
    void onlyPathsOnThisServerAreRedirectTargets() {
        assertThat(Requests.safeNext("/app/home/?day=20240101")).isEqualTo("/app/home/?day=20240101");
        assertThat(Requests.safeNext("/app/settings/")).isEqualTo("/app/settings/");
        for (String bad : List.of("//evil.com", "/\t/evil.com", "/\n/evil.com", "/\r/evil.com", "/ /evil.com",
                "\\\\evil.com", "/\\evil.com", "https://evil.com", "evil.com", "", "/\u0000x", "/%zz")) {
            assertThat(Requests.safeNext(bad)).as("next=%s", bad).isEqualTo("/");
        }
        assertThat(Requests.safeNext(null)).isEqualTo("/");
    }

    @Test
    void concurrentAttemptsCannotGetPastTheLimit() throws Exception {
        LoginLimiter limiter = new LoginLimiter(5, Duration.ofMinutes(5), Duration.ofSeconds(30), 10_000, Clock.systemUTC());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Long>> attempts = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                attempts.add(() -> limiter.tryAcquire("10.0.0.1"));
            }
            long allowed = 0;
            for (Future<Long> f : pool.invokeAll(attempts)) {
                if (f.get() == 0) {
                    allowed++;
                }
            }
            assertThat(allowed).isEqualTo(5);
            assertThat(limiter.tryAcquire("10.0.0.1")).isPositive();
            assertThat(limiter.tryAcquire("10.0.0.2")).as("another client").isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aSuccessForgivesTheClientsAttempts() {
        LoginLimiter limiter = new LoginLimiter(2, Duration.ofMinutes(5), Duration.ofSeconds(30), 10_000, Clock.systemUTC());
        assertThat(limiter.tryAcquire("c")).isZero();
        assertThat(limiter.tryAcquire("c")).isZero();
        assertThat(limiter.tryAcquire("c")).isPositive();
        limiter.succeeded("c");
        assertThat(limiter.tryAcquire("c")).isZero();
    }
}
