package dev.engram.index;

import dev.engram.index.api.IndexException;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Text embeddings computed in this process and offline: LangChain4j's quantized all-MiniLM-L6-v2 (the ONNX model and
 * its tokenizer ship inside the jar; nothing goes to the network). The model is loaded on first use (about a second)
 * and runs on the calling thread, so a low-priority caller embeds at low priority. Texts are cut to
 * {@link #MAX_CHARS} characters (the model reads at most 256 word pieces anyway). Query vectors are cached (the last
 * {@link #QUERY_CACHE} queries). Thread-safe. A model that cannot load (e.g. its native library is refused) makes
 * every call fail with {@link IndexException} naming the cause; keyword search does not need it.
 */
final class Embeddings {
    static final int DIMENSION = 384;
    static final int MAX_CHARS = 1500;
    private static final int QUERY_CACHE = 512;
    private final Object lock = new Object();
    private final Map<String, float[]> queries = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
            return size() > QUERY_CACHE;
        }
    };
    private volatile EmbeddingModel model;
    private volatile String failure;

    private EmbeddingModel model() {
        EmbeddingModel m = model;
        if (m != null) {
            return m;
        }
        synchronized (lock) {
            if (model == null) {
                if (failure != null) {
                    throw new IndexException(failure);
                }
                try {
                    model = new AllMiniLmL6V2QuantizedEmbeddingModel(Runnable::run); // on the caller's thread
                } catch (RuntimeException | LinkageError e) {
                    failure = "the embedding model (all-MiniLM-L6-v2) could not be loaded: " + e
                            + "; keyword search still works";
                    throw new IndexException(failure, e);
                }
            }
            return model;
        }
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
        try {
            List<Embedding> out = model().embedAll(segments).content();
            return out.stream().map(Embedding::vector).toList();
        } catch (IndexException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IndexException("embedding failed: " + e.getMessage(), e);
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
