package dev.engram.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
import org.apache.lucene.search.ScorerSupplier;
import org.apache.lucene.search.Weight;

/**
 * The vector side of a query: the {@code k} chunks nearest to the query vector that pass its filters. Only chunks
 * have vectors, so a query that narrows nothing searches the graph unfiltered. A filter makes Lucene build a bitset of
 * every allowed chunk and often compare the query with each of them (75% of a hybrid query's CPU on 365 days,
 * docs/benchmarks.md); a query whose only restriction is its NOT words therefore searches the graph unfiltered for
 * {@link #OVERFETCH} times as many and drops the chunks that contain a NOT word, falling back to the filtered search
 * only when too few are left.
 */
final class Nearest {
    static final int OVERFETCH = 4;

    private Nearest() {
    }

    /**
     * The nearest chunks, best first.
     *
     * @param filter   the chunk filter (type, facet, day ...)
     * @param narrowed whether {@code filter} restricts more than "chunks only"
     * @param excluded what the NOT words match ({@link MatchNoDocsQuery} when there are none)
     */
    static ScoreDoc[] search(IndexSearcher searcher, float[] v, int k, Query filter, boolean narrowed,
            Query excluded) throws IOException {
        boolean noNot = excluded instanceof MatchNoDocsQuery;
        if (!narrowed && noNot) {
            return searcher.search(new KnnFloatVectorQuery(Fields.VECTOR, v, k), k).scoreDocs;
        }
        if (!narrowed) {
            int wide = k * OVERFETCH;
            ScoreDoc[] all = searcher.search(new KnnFloatVectorQuery(Fields.VECTOR, v, wide), wide).scoreDocs;
            List<ScoreDoc> kept = without(searcher, excluded, all);
            if (kept.size() >= k || all.length < wide) {
                return kept.subList(0, Math.min(k, kept.size())).toArray(ScoreDoc[]::new);
            }
        }
        Query allowed = new BooleanQuery.Builder().add(filter, Occur.FILTER).add(excluded, Occur.MUST_NOT).build();
        return searcher.search(new KnnFloatVectorQuery(Fields.VECTOR, v, k, allowed), k).scoreDocs;
    }

    /** {@code docs} without those {@code excluded} matches, in their order. */
    static List<ScoreDoc> without(IndexSearcher searcher, Query excluded, ScoreDoc[] docs) throws IOException {
        Weight w = searcher.createWeight(searcher.rewrite(excluded), ScoreMode.COMPLETE_NO_SCORES, 1f);
        ScoreDoc[] byDoc = docs.clone();
        Arrays.sort(byDoc, Comparator.comparingInt(d -> d.doc));
        boolean[] drop = new boolean[byDoc.length];
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
                    drop[i] = true;
                }
            }
        }
        Set<Integer> dropped = new HashSet<>();
        for (int j = 0; j < byDoc.length; j++) {
            if (drop[j]) {
                dropped.add(byDoc[j].doc);
            }
        }
        List<ScoreDoc> kept = new ArrayList<>(docs.length);
        for (ScoreDoc d : docs) {
            if (!dropped.contains(d.doc)) {
                kept.add(d);
            }
        }
        return kept;
    }
}
