package dev.engram.index;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.LongConsumer;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.LeafReaderContext;

/**
 * Benchmarks only ({@code engram bench search --stand-in-vectors}): gives every chunk still without a vector a stand-in
 * one, so that hybrid queries can be timed on a vector graph of the index's full size without embedding a year of
 * chunks with the model (about 300,000 chunks: ten minutes of both cores on a quiet machine). A stand-in is a real
 * vector already in the index (embedded by the model), picked by the chunk's text and moved a little at random: the
 * chunks form clusters around real embeddings, as real chunks do, and chunks with the same text get the same vector.
 * The vectors are written through the same path as the embedding backlog's ({@link KeywordIndex#attach}); the queries
 * timed against them are embedded by the real model. Never used by a running Engram: the index keeps these vectors
 * until the file changes or the index is rebuilt, so only run it on a benchmark journal.
 */
final class StandInVectors {
    /** Chunks written per batch (one refresh each). */
    private static final int BATCH = 4096;
    private static final int MAX_SAMPLE = 4096;
    private static final float NOISE = 0.02f;

    private StandInVectors() {
    }

    /**
     * Fills every missing vector with a stand-in; needs some real vectors in the index first.
     *
     * @return the chunks that got a stand-in vector
     */
    static long fill(KeywordIndex index, LongConsumer progress) {
        List<float[]> sample = index.withSearcher(s -> {
            List<float[]> out = new ArrayList<>();
            for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
                FloatVectorValues values = leaf.reader().getFloatVectorValues(Fields.VECTOR);
                for (int ord = 0; values != null && ord < values.size() && out.size() < MAX_SAMPLE; ord++) {
                    out.add(values.vectorValue(ord).clone());
                }
            }
            return out;
        });
        if (sample.isEmpty()) {
            throw new IllegalStateException("stand-in vectors need some real ones first: embed a sample (--embed-up-to)");
        }
        long n = 0;
        long committed = 0;
        for (List<KeywordIndex.Pending> batch = index.pending(BATCH); !batch.isEmpty(); batch = index.pending(BATCH)) {
            List<float[]> vectors = new ArrayList<>(batch.size());
            for (KeywordIndex.Pending p : batch) {
                vectors.add(standIn(sample, p.text()));
            }
            int attached = index.attach(batch, vectors);
            if (attached == 0) {
                break; // nothing could be written (files changed meanwhile): do not loop on the same chunks
            }
            n += attached;
            progress.accept(n);
            if (n - committed >= 65_536) {
                index.commit();
                committed = n;
            }
        }
        index.commit();
        return n;
    }

    private static float[] standIn(List<float[]> sample, String text) {
        int h = text.hashCode();
        float[] base = sample.get(Math.floorMod(h, sample.size()));
        Random rnd = new Random(h);
        float[] v = new float[base.length];
        double norm = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = base[i] + (float) rnd.nextGaussian() * NOISE;
            norm += v[i] * v[i];
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < v.length; i++) {
            v[i] *= scale;
        }
        return v;
    }
}
