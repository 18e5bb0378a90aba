package dev.engram.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.callosum.Message;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

@ResourceLock(LogCapture.LOCK)
class SupervisorTest {
    @TempDir
    Path dir;
    final List<Message> sent = new CopyOnWriteArrayList<>();
    final MovableClock clock = new MovableClock(Instant.parse("2026-11-30T10:00:00Z"), ZoneOffset.UTC);

    /** A real service whose loop can die (health down) and whose next starts can be told to throw. */
    static final class Flaky implements Service {
        final String name;
        final List<String> deps;
        final List<String> log;
        volatile boolean dead;
        final AtomicInteger startsToFail = new AtomicInteger();

        Flaky(String name, List<String> log, String... deps) {
            this.name = name;
            this.log = log;
            this.deps = List.of(deps);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public List<String> dependsOn() {
            return deps;
        }

        @Override
        public void start() {
            log.add("start " + name);
            if (startsToFail.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException(name + " cannot start");
            }
            dead = false;
        }

        @Override
        public void stop() {
            log.add("stop " + name);
        }

        @Override
        public Health health() {
            return dead ? Health.down("its loop died") : Health.up("fine");
        }
    }

    /**
     * A real running service: start() runs a worker thread that takes jobs from a queue; a job that throws kills the
     * thread (nobody marks anything), and health() then throws, as a probe of a dead part would.
     */
    static final class Worker implements Service {
        final String name;
        final AtomicInteger starts = new AtomicInteger();
        final AtomicInteger stops = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        volatile java.util.concurrent.BlockingQueue<Runnable> jobs;
        volatile Thread thread;

        Worker(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void start() {
            starts.incrementAndGet();
            java.util.concurrent.BlockingQueue<Runnable> q = new java.util.concurrent.LinkedBlockingQueue<>();
            jobs = q;
            thread = Thread.ofPlatform().daemon().name("test-" + name).uncaughtExceptionHandler((t, e) -> { })
                    .start(() -> {
                        try {
                            while (true) {
                                q.take().run();
                                done.incrementAndGet();
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
        }

        @Override
        public void stop() {
            stops.incrementAndGet();
            thread.interrupt();
        }

        @Override
        public Health health() {
            if (!thread.isAlive()) {
                throw new IllegalStateException(name + "'s worker thread is dead");
            }
            return Health.up("working");
        }

        void crash() {
            Thread t = thread;
            jobs.add(() -> {
                throw new IllegalStateException("bad job");
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> !t.isAlive());
        }

        boolean works() {
            int before = done.get();
            jobs.add(() -> { });
            await().atMost(Duration.ofSeconds(10)).until(() -> done.get() > before);
            return true;
        }
    }

    private AppContext context() {
        return AppContext.of(new Fixtures(dir).journal, m -> sent.add(m));
    }

    private List<Message> events(String tract, String event) {
        return sent.stream().filter(m -> m.tract().equals(tract) && m.event().equals(event)).toList();
    }

    @Test
    void backoffIsZeroOneFiveThenStaysAtFive() {
        assertThat(List.of(0, 1, 2, 3, 9).stream().map(Supervisor::backoff).map(Duration::toSeconds))
                .containsExactly(0L, 1L, 5L, 5L, 5L);
    }

    @Test
    void aServiceThatDiesIsRestartedWithBackoffWithoutTouchingTheOthers() {
        List<String> log = new CopyOnWriteArrayList<>();
        Flaky bus = new Flaky("bus", log);
        Flaky worker = new Flaky("worker", log, "bus");
        Flaky other = new Flaky("other", log);
        Lifecycle life = new Lifecycle().add(bus).add(worker).add(other);
        life.start();
        Supervisor sup = new Supervisor(life, context(), clock, 5, Set.of(), Map::of);
        sup.tick();
        log.clear();

        worker.dead = true;
        worker.startsToFail.set(1); // the first restart throws too
        sup.tick(); // attempt 1 at once (0 s)
        assertThat(log).containsExactly("stop worker", "start worker");
        assertThat(life.health().services().get("worker").detail()).startsWith("restart failed");
        sup.tick(); // not yet: 1 s backoff
        assertThat(log).hasSize(2);
        clock.advance(Duration.ofSeconds(1));
        sup.tick();
        assertThat(log).containsExactly("stop worker", "start worker", "start worker");
        assertThat(life.health().services().get("worker").state()).isEqualTo(Health.State.UP);
        assertThat(life.health().services().get("worker").facts()).containsEntry("restarts", 2);
        assertThat(life.health().services().get("other").facts()).doesNotContainKey("restarts");
        assertThat(events("supervisor", "restarting")).hasSize(2);
        assertThat(events("health", "notice")).singleElement().satisfies(m ->
                assertThat(m.string("message").orElseThrow()).startsWith("service worker failed (")
                        .endsWith(") and was restarted"));
        // the status shows restarts per service
        clock.advance(Duration.ofSeconds(5));
        sup.tick();
        Message status = events("supervisor", "status").getLast();
        assertThat(status.json().get("services").toString()).contains("\"name\":\"worker\"")
                .contains("\"restarts\":2").contains("\"state\":\"up\"");
        assertThat(status.json().get("crashed").size()).isZero();
        life.stop();
    }

    @Test
    void aServiceThatKeepsFailingIsGivenUpOnWithOneErrorNoticeUntilRestartedByHand() {
        List<String> log = new CopyOnWriteArrayList<>();
        Flaky worker = new Flaky("worker", log);
        Lifecycle life = new Lifecycle().add(worker);
        life.start();
        Supervisor sup = new Supervisor(life, context(), clock, 3, Set.of(), Map::of);
        worker.dead = true;
        worker.startsToFail.set(100);
        for (int i = 0; i < 20; i++) {
            sup.tick();
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(log.stream().filter(l -> l.startsWith("start")).count()).isEqualTo(1 + 3);
        List<Message> errors = events("health", "notice").stream()
                .filter(m -> m.string("level").orElse("").equals("error")).toList();
        assertThat(errors).singleElement().satisfies(m -> assertThat(m.string("message").orElseThrow())
                .contains("service worker failed 3 restarts").contains("no longer restarted"));
        assertThat(sup.health().state()).isEqualTo(Health.State.DEGRADED);
        clock.advance(Duration.ofSeconds(5));
        sup.tick();
        assertThat(events("supervisor", "status").getLast().json().get("crashed").toString())
                .contains("\"name\":\"worker\"").contains("\"restart_attempts\":3");

        worker.startsToFail.set(0);
        assertThat(sup.requestRestart("worker")).isTrue();
        sup.tick();
        assertThat(life.health().services().get("worker").state()).isEqualTo(Health.State.UP);
        assertThat(sup.health().state()).isEqualTo(Health.State.UP);
        assertThat(sup.requestRestart("nope")).isFalse();
        assertThat(events("health", "notice").getLast().string("message").orElseThrow())
                .contains("no service named 'nope' (services: [worker])");
        life.stop();
    }

    @Test
    void exemptServicesAndStoppedLifecyclesAreLeftAlone() {
        List<String> log = new CopyOnWriteArrayList<>();
        Flaky bus = new Flaky("bus", log);
        Lifecycle life = new Lifecycle().add(bus);
        life.start();
        Supervisor sup = new Supervisor(life, context(), clock, 3, Set.of("bus"), Map::of);
        bus.dead = true;
        sup.tick();
        assertThat(sup.requestRestart("bus")).isFalse();
        life.stop();
        sup.tick();
        assertThat(log).containsExactly("start bus", "stop bus");
    }

    @Test
    void anObserverGoingStaleAndComingBackIsToldOnceEach() {
        Map<String, Long> seen = new ConcurrentHashMap<>();
        seen.put("laptop", clock.millis());
        seen.put("never", 0L);
        Lifecycle life = new Lifecycle();
        life.start();
        Supervisor sup = new Supervisor(life, context(), clock, 3, Set.of(), () -> Map.copyOf(seen));
        for (int i = 0; i < 10; i++) {
            sup.tick();
            clock.advance(Duration.ofSeconds(30));
        }
        List<Message> notices = events("health", "notice");
        assertThat(notices).singleElement().satisfies(m -> {
            assertThat(m.string("level")).hasValue("warn");
            assertThat(m.string("message").orElseThrow()).startsWith("observer laptop has sent nothing for");
        });
        assertThat(events("supervisor", "status").getLast().json().get("stale_heartbeats").toString())
                .isEqualTo("[\"laptop\"]");
        seen.put("laptop", clock.millis());
        sup.tick();
        sup.tick();
        assertThat(events("health", "notice")).hasSize(2).last().satisfies(m -> {
            assertThat(m.string("level")).hasValue("info");
            assertThat(m.string("message")).hasValue("observer laptop is back");
        });
        life.stop();
    }

    @Test
    void itsOwnThreadRestartsAServiceInRealTime() {
        List<String> log = new CopyOnWriteArrayList<>();
        Flaky worker = new Flaky("worker", log);
        Lifecycle life = new Lifecycle().add(worker);
        Supervisor sup = new Supervisor(life, context(), java.time.Clock.systemUTC(), 3, Set.of(), Map::of);
        life.add(sup);
        life.start();
        worker.dead = true;
        await().atMost(Duration.ofSeconds(10)).until(() -> life.restarts("worker") == 1
                && life.health().services().get("worker").state() == Health.State.UP);
        life.stop();
    }

    @Test
    void aRunningServiceWhoseWorkerThreadDiesIsRestartedWithBackoffAndReported() {
        Worker worker = new Worker("worker");
        Worker other = new Worker("other");
        Lifecycle life = new Lifecycle().add(worker).add(other);
        life.start();
        Thread othersThread = other.thread;
        Supervisor sup = new Supervisor(life, context(), clock, 5, Set.of(), Map::of);
        sup.tick();
        assertThat(events("supervisor", "restarting")).isEmpty();

        worker.crash(); // its own job kills its thread: only its health() can tell
        assertThat(life.health().services().get("worker").detail())
                .isEqualTo("health check failed: java.lang.IllegalStateException: worker's worker thread is dead");
        sup.tick(); // first failure: restarted at once (0 s)
        assertThat(worker.starts).hasValue(2);
        assertThat(worker.stops).hasValue(1);
        assertThat(worker.works()).isTrue();
        assertThat(life.health().services().get("worker").state()).isEqualTo(Health.State.UP);

        clock.advance(Duration.ofMillis(200));
        worker.crash(); // again soon after: the next restart waits 1 s
        sup.tick();
        assertThat(worker.starts).hasValue(2);
        clock.advance(Duration.ofMillis(900));
        sup.tick();
        assertThat(worker.starts).as("still within the 1 s backoff").hasValue(2);
        clock.advance(Duration.ofMillis(100));
        sup.tick();
        assertThat(worker.starts).hasValue(3);
        assertThat(worker.works()).isTrue();

        // the other service was never touched: same thread, one start, no stop, still working
        assertThat(other.starts).hasValue(1);
        assertThat(other.stops).hasValue(0);
        assertThat(other.thread).isSameAs(othersThread);
        assertThat(other.works()).isTrue();
        assertThat(events("supervisor", "restarting")).extracting(m -> m.string("service").orElseThrow())
                .containsExactly("worker", "worker");
        assertThat(events("supervisor", "restarting").getFirst().string("reason").orElseThrow())
                .contains("worker's worker thread is dead");
        assertThat(events("health", "notice")).hasSize(2).allSatisfy(m -> {
            assertThat(m.string("level")).hasValue("warn");
            assertThat(m.string("message").orElseThrow()).isEqualTo("service worker failed (health check failed:"
                    + " java.lang.IllegalStateException: worker's worker thread is dead) and was restarted");
        });
        clock.advance(Duration.ofSeconds(5));
        sup.tick();
        Message status = events("supervisor", "status").getLast();
        assertThat(status.json().get("services").toString()).contains("\"name\":\"worker\"")
                .contains("\"restarts\":2").doesNotContain("\"state\":\"down\"");
        assertThat(status.json().get("crashed").size()).isZero();
        assertThat(life.restarts("other")).isZero();
        life.stop();
    }

    @Test
    void itsOwnThreadRestartsARunningServiceWhoseWorkerDied() {
        Worker worker = new Worker("worker");
        Lifecycle life = new Lifecycle().add(worker);
        life.add(new Supervisor(life, context(), java.time.Clock.systemUTC(), 3, Set.of(), Map::of));
        life.start();
        try {
            worker.crash();
            await().atMost(Duration.ofSeconds(10)).until(() -> life.restarts("worker") == 1
                    && life.health().services().get("worker").state() == Health.State.UP);
            assertThat(worker.works()).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> events("health", "notice").size() == 1);
        } finally {
            life.stop();
        }
    }
}
