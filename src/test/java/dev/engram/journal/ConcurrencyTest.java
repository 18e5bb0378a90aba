package dev.engram.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Many threads doing read-modify-write on one file lose no update. Half the threads use a second {@link Journal}
 * opened on the same folder: the file locks are per process, not per instance.
 *
 * <p>Isolated: an fsync-heavy burst (8 threads x 100 fsynced read-modify-writes per test) whose time depends on the
 * disk. Run once beside the other classes, DamagedIndexRoutesTest then met an index segment its damage helper could
 * not damage, so it stays apart. The bounds are loose on purpose: the test is about lost updates, not speed.
 */
@Isolated("fsync-heavy burst; it changes other classes' disk timing")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ConcurrencyTest {
    private static final int THREADS = 8;
    private static final int UPDATES = 100;
    private static final Day DAY = Day.of(2024, 5, 1);

    @TempDir
    Path root;

    /** Runs {@code work(thread, i)} THREADS x UPDATES times, all threads released at once. */
    private void hammer(Journal a, Journal b, Work work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Void>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                Journal j = t % 2 == 0 ? a : b;
                Callable<Void> task = () -> {
                    go.await();
                    for (int i = 0; i < UPDATES; i++) {
                        work.run(j, thread, i);
                    }
                    return null;
                };
                done.add(pool.submit(task));
            }
            go.countDown();
            for (Future<Void> f : done) {
                f.get(240, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    interface Work {
        void run(Journal j, int thread, int i) throws Exception;
    }

    private Journal[] twoInstances() {
        Journal.create(root, "Owner");
        return new Journal[] {Journal.open(root), Journal.open(root)};
    }

    @Test
    void updateConfigLosesNoUpdate() throws Exception {
        Journal[] j = twoInstances();
        hammer(j[0], j[1], (journal, thread, i) -> journal.updateConfig(c -> {
            long n = c.extra().get("counter").map(x -> x.asLong()).orElse(0L);
            return new JournalConfig(c.identity(), c.convey(), c.extra().with("counter", n + 1));
        }));
        JournalConfig c = Journal.open(root).config();
        assertThat(c.extra().get("counter").orElseThrow().asLong()).isEqualTo((long) THREADS * UPDATES);
        assertThat(c.identity().name()).isEqualTo("Owner");
    }

    @Test
    void updateEntitiesLosesNoUpdate() throws Exception {
        Journal[] j = twoInstances();
        hammer(j[0], j[1], (journal, thread, i) -> journal.facetStore("work").updateEntities(list -> {
            List<Entity> next = new ArrayList<>(list);
            next.add(Entity.of("Person", "p" + thread + "-" + i, ""));
            return next;
        }));
        List<Entity> all = Journal.open(root).facetStore("work").entities();
        assertThat(all).hasSize(THREADS * UPDATES);
        assertThat(all.stream().map(Entity::name).distinct().count()).isEqualTo((long) THREADS * UPDATES);
    }

    @Test
    void addTodoLosesNoUpdateAndGivesUniqueIds() throws Exception {
        Journal[] j = twoInstances();
        Set<Integer> ids = java.util.concurrent.ConcurrentHashMap.newKeySet();
        hammer(j[0], j[1], (journal, thread, i) -> {
            Todo t = journal.facetStore("work").addTodo(DAY, Todo.open("t" + thread + "-" + i, Optional.empty(), 1L));
            assertThat(ids.add(t.id())).as("id %d given twice", t.id()).isTrue();
        });
        List<Todo> todos = Journal.open(root).facetStore("work").todos(DAY);
        assertThat(todos).hasSize(THREADS * UPDATES);
        Set<Integer> expected = new HashSet<>();
        for (int n = 1; n <= THREADS * UPDATES; n++) {
            expected.add(n);
        }
        assertThat(ids).isEqualTo(expected);
        // Each todo's text sits on the line whose number the writer was given.
        assertThat(todos.stream().map(Todo::text).distinct().count()).isEqualTo((long) THREADS * UPDATES);
    }

    @Test
    void ofManyConcurrentCreationsOfOneFacetExactlyOneSucceeds() throws Exception {
        Journal j = Journal.create(root, "Owner");
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            // Many rounds, one facet each: a check-then-write race would win in some round.
            for (int round = 0; round < 50; round++) {
                String facet = "f" + round;
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> results = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    String title = "Title " + t;
                    results.add(pool.submit(() -> {
                        go.await();
                        try {
                            j.facetStore(facet).create(Facet.named(facet).withTitle(title));
                            return true;
                        } catch (FacetExistsException e) {
                            return false;
                        }
                    }));
                }
                go.countDown();
                int created = 0;
                for (Future<Boolean> f : results) {
                    if (f.get(30, TimeUnit.SECONDS)) {
                        created++;
                    }
                }
                assertThat(created).as("successful creations of %s", facet).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
