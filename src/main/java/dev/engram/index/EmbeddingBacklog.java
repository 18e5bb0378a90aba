package dev.engram.index;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * Fills the index's missing chunk vectors: reads a batch of chunks without a vector, embeds them (outside the index's
 * lock, on the caller's thread: a low-priority caller embeds at low priority) and writes them back with their
 * vectors. The backlog is simply "chunks without a vector" in the index, so it survives restarts: whatever was
 * committed keeps its vectors, the rest is embedded again after a start. Not thread-safe: one drainer per index.
 */
final class EmbeddingBacklog {
    /** Chunks per batch: a batch takes about a tenth of a second of model time on a quiet machine. */
    static final int BATCH = 32;
    private final KeywordIndex index;
    private final AtomicLong embedded = new AtomicLong();
    private final AtomicLong nanos = new AtomicLong();

    EmbeddingBacklog(KeywordIndex index) {
        this.index = index;
    }

    /**
     * Embeds one batch.
     *
     * @return the chunks read (0: the backlog is empty)
     * @throws dev.engram.index.api.IndexException when the model cannot load or the index cannot be written
     */
    int step() {
        return step(() -> { });
    }

    /**
     * Embeds one batch; {@code beforeWrite} runs between the embedding and the writing of its vectors (the service's
     * embedding thread waits there while fresh changes are indexed: the write holds the index's write lock, which
     * the change followers then wait for).
     */
    int step(Runnable beforeWrite) {
        List<KeywordIndex.Pending> batch = index.pending(BATCH);
        if (batch.isEmpty()) {
            return 0;
        }
        long t0 = System.nanoTime();
        List<float[]> vectors = index.embeddings().embed(batch.stream().map(KeywordIndex.Pending::text).toList());
        nanos.addAndGet(System.nanoTime() - t0);
        beforeWrite.run();
        embedded.addAndGet(index.attach(batch, vectors));
        return batch.size();
    }

    /** Embeds until the backlog is empty or {@code stop} answers true; reports the chunks embedded so far. */
    long drain(BooleanSupplier stop, LongConsumer progress) {
        while (!stop.getAsBoolean() && step() > 0) {
            progress.accept(embedded.get());
        }
        return embedded.get();
    }

    /** Chunks embedded by this drainer. */
    long embedded() {
        return embedded.get();
    }

    /** Chunks per second of embedding time (the model alone, not waiting), 0 before the first batch. */
    double chunksPerSecond() {
        long n = nanos.get();
        return n == 0 ? 0 : embedded.get() * 1e9 / n;
    }
}
