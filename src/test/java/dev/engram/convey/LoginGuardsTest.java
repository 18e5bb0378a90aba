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

    /** Fresh cookies cost nothing: past 20 failing browsers an address's further browsers share one record. */
    @Test
    void browsersHaveTheirOwnRecordsUpToALimitPerAddress() {
        MovableClock clock = new MovableClock();
        LoginLimiter limiter = new LoginLimiter(5, Duration.ofMinutes(5), Duration.ofSeconds(30), 10_000, 3, clock);
        String owner = limiter.key("127.0.0.1", "owner-cookie");
        for (int i = 0; i < 3; i++) {
            String minted = limiter.key("127.0.0.1", "minted-" + i);
            assertThat(minted).isNotEqualTo(owner);
            while (limiter.tryAcquire(minted) == 0) {
                // fail until limited
            }
        }
        assertThat(limiter.tryAcquire(limiter.key("127.0.0.1", "owner-cookie"))).as("owner not limited").isZero();
        limiter.succeeded(owner);
        String fourth = limiter.key("127.0.0.1", "minted-3");
        assertThat(fourth).as("past the limit: the address's shared record").isEqualTo(limiter.key("127.0.0.1", "minted-4"));
        assertThat(limiter.key("10.0.0.2", "minted-3")).as("other addresses are apart").isNotEqualTo(fourth);
        assertThat(limiter.key("127.0.0.1", "minted-0")).as("a failing browser keeps its record")
                .isNotEqualTo(fourth);
        clock.advance(Duration.ofMinutes(6));
        assertThat(limiter.key("127.0.0.1", "minted-3")).as("after the window").isNotEqualTo(fourth);
    }
}
