package dev.engram.app;

import org.junit.jupiter.api.parallel.ResourceLock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

@ResourceLock(LogCapture.LOCK)
class ServicesTest {
    @TempDir
    Path dir;
    final List<String> log = new CopyOnWriteArrayList<>();

    private Service svc(String name, String... deps) {
        return Service.of(name, List.of(deps), () -> log.add("start " + name), () -> log.add("stop " + name),
                () -> Health.up("fine"));
    }

    private Service failing(String name, String when, RuntimeException e, String... deps) {
        return Service.of(name, List.of(deps), () -> {
            log.add("start " + name);
            if (when.equals("start")) {
                throw e;
            }
        }, () -> {
            log.add("stop " + name);
            if (when.equals("stop")) {
                throw e;
            }
        }, () -> Health.up());
    }

    @Test
    void startsInDependencyOrderAndStopsInReverse() {
        Lifecycle life = new Lifecycle().add(svc("convey", "apps")).add(svc("apps", "client", "scheduler"))
                .add(svc("client", "bus")).add(svc("bus")).add(svc("scheduler"));
        assertThat(life.order()).containsExactly("bus", "client", "scheduler", "apps", "convey");
        life.start();
        life.stop();
        life.stop(); // twice is harmless
        assertThat(log).containsExactly("start bus", "start client", "start scheduler", "start apps", "start convey",
                "stop convey", "stop apps", "stop scheduler", "stop client", "stop bus");
    }

    @Test
    void aCycleAMissingDependencyAndADuplicateNameAreClearErrorsBeforeAnythingStarts() {
        Lifecycle cycle = new Lifecycle().add(svc("a", "b")).add(svc("b", "c")).add(svc("c", "a"));
        assertThatThrownBy(cycle::start).isInstanceOf(ServiceException.class).hasMessage("services depend on each"
                + " other in a cycle: a -> b -> c -> a; remove one of these dependencies");
        Lifecycle missing = new Lifecycle().add(svc("a")).add(svc("convey", "apps"));
        assertThatThrownBy(missing::start).isInstanceOf(ServiceException.class).hasMessage("service 'convey' depends"
                + " on 'apps', which is not added (services: [a, convey]); add it to the lifecycle or drop the"
                + " dependency");
        assertThatThrownBy(() -> new Lifecycle().add(svc("a")).add(svc("a"))).isInstanceOf(ServiceException.class)
                .hasMessageStartingWith("two services are named 'a'");
        assertThat(log).isEmpty();
    }

    @Test
    void stopGoesOnWhenServicesThrowAndReportsEveryFailureTogether() {
        IllegalStateException first = new IllegalStateException("c broke");
        IllegalStateException second = new IllegalStateException("a broke");
        Lifecycle life = new Lifecycle().add(failing("a", "stop", second)).add(svc("b", "a"))
                .add(failing("c", "stop", first, "b"));
        life.start();
        try (LogCapture logs = new LogCapture(Lifecycle.class, Level.WARN)) {
            assertThatThrownBy(life::stop).isSameAs(first).satisfies(e -> assertThat(e.getSuppressed())
                    .containsExactly(second));
            assertThat(logs.messages(Level.WARN)).containsExactly(
                    "service c failed to stop cleanly: java.lang.IllegalStateException: c broke",
                    "service a failed to stop cleanly: java.lang.IllegalStateException: a broke");
        }
        assertThat(log).containsExactly("start a", "start b", "start c", "stop c", "stop b", "stop a");
        assertThat(life.health().services().get("b")).isEqualTo(Health.down("stopped"));
    }

    @Test
    void aFailedStartStopsWhatHadStartedAndRethrowsTheCause() {
        IllegalStateException portInUse = new IllegalStateException("port 5015 is in use");
        IllegalStateException rollback = new IllegalStateException("b did not stop");
        Lifecycle life = new Lifecycle().add(svc("a")).add(failing("b", "stop", rollback, "a"))
                .add(failing("web", "start", portInUse, "b")).add(svc("late", "web"));
        assertThatThrownBy(life::start).isSameAs(portInUse)
                .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(rollback));
        assertThat(log).containsExactly("start a", "start b", "start web", "stop b", "stop a");
        HealthReport h = life.health();
        assertThat(h.services().get("web")).isEqualTo(Health.down("failed to start: port 5015 is in use"));
        assertThat(h.services().get("late")).isEqualTo(Health.down("not started"));
        assertThat(h.state()).isEqualTo(Health.State.DOWN);
    }

    @Test
    void healthIsReportedPerServiceAndWrittenToTheSnapshotFile() {
        Path file = HealthFile.fileFor(dir);
        Service sick = Service.of("sick", List.of(), () -> { }, () -> { }, () -> {
            throw new IllegalStateException("probe failed");
        });
        Service slow = Service.of("slow", List.of(), () -> { }, () -> { },
                () -> Health.degraded("behind").withFacts(java.util.Map.of("dropped", 3)));
        Lifecycle life = new Lifecycle().add(svc("fine")).add(slow).add(sick)
                .snapshotTo(file, Duration.ofMillis(50));
        assertThat(life.health().state()).isEqualTo(Health.State.DOWN);
        life.start();
        HealthReport h = life.health();
        assertThat(h.services().get("fine")).isEqualTo(Health.up("fine"));
        assertThat(h.services().get("sick"))
                .isEqualTo(Health.down("health check failed: java.lang.IllegalStateException: probe failed"));
        assertThat(h.toJson().get("services").get("slow").toString())
                .isEqualTo("{\"status\":\"degraded\",\"detail\":\"behind\",\"facts\":{\"dropped\":3}}");

        org.awaitility.Awaitility.await().until(() -> HealthFile.read(file).isPresent());
        ObjectNode running = HealthFile.read(file).orElseThrow();
        assertThat(running.get("status").asString()).isEqualTo("down");
        assertThat(running.get("services").get("fine").get("status").asString()).isEqualTo("up");
        assertThat(HealthFile.live(running, System.currentTimeMillis())).isTrue();
        assertThat(HealthFile.live(running, System.currentTimeMillis() + 1000)).as("stale after 3 intervals")
                .isFalse();

        life.stop();
        ObjectNode stopped = HealthFile.read(file).orElseThrow();
        assertThat(stopped.get("running").asBoolean()).isFalse();
        assertThat(HealthFile.live(stopped, System.currentTimeMillis())).isFalse();
        assertThat(stopped.get("services").get("fine").get("detail").asString()).isEqualTo("stopped");
    }

    @Test
    void afterStopTheSnapshotAlwaysSaysNotRunning() {
        Path file = HealthFile.fileFor(dir);
        for (int i = 0; i < 20; i++) {
            // a slow, uninterruptible health check: the writer is often mid-write when stop comes
            Service slow = Service.of("slow", List.of(), () -> { }, () -> { }, () -> {
                long end = System.nanoTime() + 3_000_000;
                while (System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
                return Health.up();
            });
            Lifecycle life = new Lifecycle().add(slow).snapshotTo(file, Duration.ofMillis(1));
            life.start();
            org.awaitility.Awaitility.await().until(() -> HealthFile.read(file)
                    .map(o -> o.get("running").asBoolean()).orElse(false));
            life.stop();
            int round = i;
            org.awaitility.Awaitility.await().during(Duration.ofMillis(30)).atMost(Duration.ofSeconds(2))
                    .untilAsserted(() -> assertThat(HealthFile.read(file).orElseThrow().get("running").asBoolean())
                            .as("round %d", round).isFalse());
        }
    }

    interface Searcher {
        String search(String q);
    }

    @Test
    void theRegistryFindsServicesByTypeAndNamesWhatIsMissing() {
        Lifecycle life = new Lifecycle();
        Searcher lucene = q -> "hit:" + q;
        life.provide(Searcher.class, lucene);
        TaskScheduler scheduler = new TaskScheduler(java.time.Clock.systemUTC(), dir.resolve("s.json"),
                Duration.ofSeconds(1));
        life.provide(Scheduler.class, scheduler);
        assertThat(life.order()).as("a provided Service is owned too").containsExactly("scheduler");

        AppContext ctx = AppContext.of(new Fixtures(dir).journal, m -> true, life.registry());
        assertThat(ctx.service(Searcher.class).search("x")).isEqualTo("hit:x");
        assertThat(ctx.scheduler()).isSameAs(scheduler);
        assertThat(ctx.findService(Runnable.class)).isEmpty();
        assertThatThrownBy(() -> ctx.service(Runnable.class)).isInstanceOf(ServiceException.class)
                .hasMessage("no java.lang.Runnable is registered (registered: [Searcher, Scheduler]); register it in"
                        + " the composition root (boot), or use findService for an optional one");
        assertThatThrownBy(() -> life.provide(Searcher.class, q -> "")).isInstanceOf(ServiceException.class)
                .hasMessageStartingWith("a Searcher is already registered");
    }
}
