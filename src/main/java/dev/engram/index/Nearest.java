package dev.engram.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.ScorerSupplier;
import org.apache.lucene.search.VectorScorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;

/**
 * The vector side of a query: the {@code k} chunks nearest to the query vector that pass its filters and NOT words.
 * Only chunks have vectors, so a query that narrows nothing searches the graph unfiltered. Given a filter, Lucene
 * builds a bitset of every allowed chunk, tries a filtered graph search and, when that visits as many chunks as are
 * allowed, compares the query with each of them in turn (75% of a hybrid query's CPU on 365 days,
 * docs/benchmarks.md). So the route is chosen by how many chunks are allowed ({@link Route}):
 * <ul>
 * <li>{@link Route#GRAPH}: nothing narrows, an unfiltered graph search;</li>
 * <li>{@link Route#EXACT}: at most {@link Plan#exactMax} allowed: each allowed vector is compared with the query
 * directly (exact, and cheaper than a filtered graph search that falls back to the same);</li>
 * <li>{@link Route#GRAPH_THEN_FILTER}: a broad restriction (at least {@link Plan#minShare} of the vectors allowed, or
 * only NOT words): the unfiltered graph is searched for enough more that, by the allowed share, {@code k} allowed
 * ones are expected among them ({@code k / share} times {@link #OVERSAMPLE}, at most {@link Plan#maxWide}) and the
 * rest is dropped; when fewer than {@code k} are left, the filtered search below runs instead;</li>
 * <li>{@link Route#FILTERED}: Lucene's filtered graph search, for what lies between.</li>
 * </ul>
 * All routes return the allowed chunks best first, ties by document order; the approximate ones are as approximate as
 * an unfiltered graph search.
 */
final class Nearest {
    /** How many times the expected number of candidates a post-filtered graph search takes. */
    static final int OVERSAMPLE = 2;
    /** The share of chunks a query restricted only by NOT words is taken to allow. */
    private static final double NOT_ONLY_SHARE = 0.5;

    /** How a vector search ran. */
    enum Route { GRAPH, EXACT, GRAPH_THEN_FILTER, FILTERED }

    /** The nearest chunks, best first, and the route that found them. */
    record Found(ScoreDoc[] docs, Route route) {
    }

    /**
     * The thresholds: exact up to {@code exactMax} allowed chunks; post-filtered graph search when at least
     * {@code minShare} of the vectors are allowed and at most {@code maxWide} candidates are needed.
     */
    record Plan(int exactMax, double minShare, int maxWide) {
        /**
         * 40,000 exact comparisons (a month of the 365-day demo journal) take about 10 ms of CPU with Lucene's scalar
         * code, a few with its SIMD code, where Lucene's filtered search took 30-40 ms; above 10% of the vectors
         * allowed, a post-filtered search of at most 2,000 candidates (k = 100) covers the rest.
         */
        static final Plan STANDARD = new Plan(40_000, 0.1, 2_000);
    }

    private Nearest() {
    }

    /**
     * The nearest allowed chunks, best first.
     *
     * @param filter   the chunk filter (type, facet, day ...)
     * @param narrowed whether {@code filter} restricts more than "chunks only"
     * @param excluded what the NOT words match ({@link MatchNoDocsQuery} when there are none)
     */
    static Found search(IndexSearcher searcher, float[] v, int k, Query filter, boolean narrowed, Query excluded,
                        Plan plan) throws IOException {
        boolean noNot = excluded instanceof MatchNoDocsQuery;
        if (!narrowed && noNot) {
            return new Found(searcher.search(new KnnFloatVectorQuery(Fields.VECTOR, v, k), k).scoreDocs, Route.GRAPH);
        }
        Query allowed = new BooleanQuery.Builder().add(filter, Occur.FILTER).add(excluded, Occur.MUST_NOT).build();
        long vectors = vectors(searcher);
        long count = narrowed ? searcher.count(allowed) : vectors;
        if (count <= plan.exactMax()) {
            return new Found(exact(searcher, v, k, allowed), Route.EXACT);
        }
        // NOT words alone are not counted (a MUST_NOT of a common word walks every chunk): half is assumed, so the
        // graph is searched for 4k as before
        double share = !narrowed ? NOT_ONLY_SHARE : vectors == 0 ? 0 : Math.min(1, (double) count / vectors);
        long wide = share <= 0 ? Long.MAX_VALUE : (long) Math.ceil(k / share * OVERSAMPLE);
        if (share >= plan.minShare() && wide <= plan.maxWide()) {
            int n = (int) Math.max(wide, (long) k * OVERSAMPLE);
            ScoreDoc[] all = searcher.search(new KnnFloatVectorQuery(Fields.VECTOR, v, n), n).scoreDocs;
            List<ScoreDoc> kept = keep(searcher, allowed, all, true);
            if (kept.size() >= k || all.length < n) {
                return new Found(kept.subList(0, Math.min(k, kept.size())).toArray(ScoreDoc[]::new),
                        Route.GRAPH_THEN_FILTER);
            }
        }
        return new Found(searcher.search(new KnnFloatVectorQuery(Fields.VECTOR, v, k, allowed), k).scoreDocs,
                Route.FILTERED);
    }

    /** Chunks with a vector in the view (deleted ones included: an estimate for the share). */
    private static long vectors(IndexSearcher searcher) throws IOException {
        long n = 0;
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            FloatVectorValues values = leaf.reader().getFloatVectorValues(Fields.VECTOR);
            n += values == null ? 0 : values.size();
        }
        return n;
    }

    /** The {@code k} best of the live documents {@code allowed} matches that have a vector, each compared with v. */
    static ScoreDoc[] exact(IndexSearcher searcher, float[] v, int k, Query allowed) throws IOException {
        Comparator<ScoreDoc> worstFirst = Comparator.<ScoreDoc>comparingDouble(d -> d.score)
                .thenComparing(Comparator.<ScoreDoc>comparingInt(d -> d.doc).reversed());
        PriorityQueue<ScoreDoc> best = new PriorityQueue<>(k + 1, worstFirst);
        Weight w = searcher.createWeight(searcher.rewrite(allowed), ScoreMode.COMPLETE_NO_SCORES, 1f);
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            FloatVectorValues values = leaf.reader().getFloatVectorValues(Fields.VECTOR);
            Scorer scorer = values == null ? null : w.scorer(leaf);
            if (scorer == null) {
                continue;
            }
            VectorScorer vs = values.scorer(v);
            DocIdSetIterator withVector = vs.iterator();
            DocIdSetIterator it = scorer.iterator();
            Bits live = leaf.reader().getLiveDocs();
            for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
                if (live != null && !live.get(doc)) {
                    continue;
                }
                int at = withVector.docID() < doc ? withVector.advance(doc) : withVector.docID();
                if (at == DocIdSetIterator.NO_MORE_DOCS) {
                    break;
                }
                if (at != doc) {
                    continue;
                }
                float score = vs.score();
                if (best.size() < k) {
                    best.add(new ScoreDoc(leaf.docBase + doc, score));
                } else if (score > best.peek().score) { // a tie loses to the earlier document already kept
                    best.poll();
                    best.add(new ScoreDoc(leaf.docBase + doc, score));
                }
            }
        }
        ScoreDoc[] out = best.toArray(ScoreDoc[]::new);
        Arrays.sort(out, worstFirst.reversed());
        return out;
    }

    /** {@code docs} without those {@code excluded} matches, in their order. */
    static List<ScoreDoc> without(IndexSearcher searcher, Query excluded, ScoreDoc[] docs) throws IOException {
        return keep(searcher, excluded, docs, false);
    }

    /** {@code docs} (live documents) that {@code query} matches ({@code matching}) or does not, in their order. */
    private static List<ScoreDoc> keep(IndexSearcher searcher, Query query, ScoreDoc[] docs, boolean matching)
            throws IOException {
        Weight w = searcher.createWeight(searcher.rewrite(query), ScoreMode.COMPLETE_NO_SCORES, 1f);
        ScoreDoc[] byDoc = docs.clone();
        Arrays.sort(byDoc, Comparator.comparingInt(d -> d.doc));
        Set<Integer> matched = new HashSet<>();
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        int i = 0;
        for (LeafReaderContext leaf : leaves) {
            int end = leaf.docBase + leaf.reader().maxDoc();
            if (i >= byDoc.length) {
                break;
            }
            if (byDoc[i].doc >= end) {
                continue;
            }
            ScorerSupplier s = w.scorerSupplier(leaf);
            DocIdSetIterator it = s == null ? null : s.get(byDoc.length).iterator();
            for (; i < byDoc.length && byDoc[i].doc < end; i++) {
                int local = byDoc[i].doc - leaf.docBase;
                if (it != null && (it.docID() < local ? it.advance(local) : it.docID()) == local) {
                    matched.add(byDoc[i].doc);
                }
            }
        }
        List<ScoreDoc> kept = new ArrayList<>(docs.length);
        for (ScoreDoc d : docs) {
            if (matched.contains(d.doc) == matching) {
                kept.add(d);
            }
        }
        return kept;
    }
}
