package dev.engram.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The catch-up's worker threads run at the priority asked for while the calling thread keeps its own: a thread that
 * lowered itself to nice 19 could not be raised again without privileges (nor could the followers it starts).
 */
class IndexWorkersTest {
    @Test
    void workersRunAtTheAskedPriorityAndTheCallerKeepsItsOwn() {
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        AtomicInteger items = new AtomicInteger();
        int caller = Thread.currentThread().getPriority();
        int done = IndexWorkers.run(40, i -> {
            seen.add(Thread.currentThread().getPriority());
            items.incrementAndGet();
        }, () -> false, d -> { }, Thread.MIN_PRIORITY);
        assertThat(done).isEqualTo(40);
        assertThat(items).hasValue(40);
        assertThat(seen).containsExactly(Thread.MIN_PRIORITY);
        assertThat(Thread.currentThread().getPriority()).isEqualTo(caller);
    }

    @Test
    void withoutAPriorityWorkersTakeTheCallers() {
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        IndexWorkers.run(8, i -> seen.add(Thread.currentThread().getPriority()), () -> false, d -> { });
        assertThat(seen).containsExactly(Thread.currentThread().getPriority());
    }
}
