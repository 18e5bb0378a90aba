package dev.engram.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.junit.jupiter.api.Test;

/**
 * The vector side's routes (exact for few allowed chunks, post-filtered graph search for broad filters, Lucene's
 * filtered search between) on a real Lucene index of seeded random vectors, each checked against a brute-force
 * ranking of the allowed chunks.
 */
class NearestTest {
    private static final int N = 3000;
    private static final int DIM = 16;
    private static final int K = 10;

    private record Chunk(int id, String topic, float[] v, boolean deleted) {
    }

    @Test
    void eachRouteReturnsTheAllowedNearestChunksBestFirst() throws Exception {
        long seed = System.nanoTime();
        System.out.println("NearestTest seed " + seed);
        Random rnd = new Random(seed);
        List<Chunk> chunks = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            double r = rnd.nextDouble();
            String topic = r < 0.6 ? "broad" : r < 0.65 ? "middle" : r < 0.66 ? "narrow" : "other";
            float[] v = new float[DIM];
            for (int d = 0; d < DIM; d++) {
                v[d] = (float) rnd.nextGaussian();
            }
            chunks.add(new Chunk(i, topic, v, i % 97 == 0));
        }
        try (Directory dir = new ByteBuffersDirectory()) {
            try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig())) {
                for (Chunk c : chunks) {
                    Document d = new Document();
                    d.add(new StringField(Fields.TYPE, Fields.CHUNK, Field.Store.NO));
                    d.add(new StringField(Fields.ID, Integer.toString(c.id()), Field.Store.YES));
                    d.add(new StringField(Fields.TOPIC, c.topic(), Field.Store.NO));
                    d.add(new KnnFloatVectorField(Fields.VECTOR, c.v(), VectorSimilarityFunction.COSINE));
                    w.addDocument(d);
                    if (c.id() == N / 2) {
                        w.flush(); // two segments
                    }
                }
                for (Chunk c : chunks) {
                    if (c.deleted()) {
                        w.deleteDocuments(new Term(Fields.ID, Integer.toString(c.id())));
                    }
                }
            }
            try (DirectoryReader reader = DirectoryReader.open(dir)) {
                IndexSearcher s = new IndexSearcher(reader);
                Nearest.Plan plan = new Nearest.Plan(100, 0.1, 2000);
                float[] q = chunks.get(rnd.nextInt(N)).v().clone();
                q[0] += 0.5f;

                Nearest.Found narrow = search(s, q, "narrow", plan);
                assertThat(narrow.route()).as("about 30 allowed: exact").isEqualTo(Nearest.Route.EXACT);
                assertThat(ids(s, narrow.docs())).as("exactly the brute-force ranking")
                        .isEqualTo(bruteForce(chunks, q, "narrow"));
                assertThat(narrow.docs()).allSatisfy(d -> assertThat(d.score).isEqualTo(
                        VectorSimilarityFunction.COSINE.compare(q, chunks.get(id(s, d.doc)).v())));

                Nearest.Found broad = search(s, q, "broad", plan);
                assertThat(broad.route()).as("60% allowed: the graph, then the filter")
                        .isEqualTo(Nearest.Route.GRAPH_THEN_FILTER);
                checkApproximate(s, broad, chunks, q, "broad");

                Nearest.Found middle = search(s, q, "middle", plan);
                assertThat(middle.route()).as("5% allowed, over 100: Lucene's filtered search")
                        .isEqualTo(Nearest.Route.FILTERED);
                checkApproximate(s, middle, chunks, q, "middle");

                Nearest.Found exactBroad = search(s, q, "broad", new Nearest.Plan(N, 0.1, 2000));
                assertThat(exactBroad.route()).isEqualTo(Nearest.Route.EXACT);
                assertThat(ids(s, exactBroad.docs())).isEqualTo(bruteForce(chunks, q, "broad"));
            }
        }
    }

    private static Nearest.Found search(IndexSearcher s, float[] q, String topic, Nearest.Plan plan)
            throws Exception {
        Query filter = new BooleanQuery.Builder().add(Vectors.chunks(), Occur.FILTER)
                .add(new TermQuery(new Term(Fields.TOPIC, topic)), Occur.FILTER).build();
        return Nearest.search(s, q, K, filter, true, new MatchNoDocsQuery(), plan);
    }

    /** Approximate routes: only allowed live chunks, best first, nearly all of the true nearest. */
    private static void checkApproximate(IndexSearcher s, Nearest.Found found, List<Chunk> chunks, float[] q,
                                         String topic) throws Exception {
        List<Integer> got = ids(s, found.docs());
        List<Integer> truth = bruteForce(chunks, q, topic);
        assertThat(got).hasSize(K).allSatisfy(id -> {
            assertThat(chunks.get(id).topic()).isEqualTo(topic);
            assertThat(chunks.get(id).deleted()).isFalse();
        });
        assertThat(found.docs()).isSortedAccordingTo(Comparator.comparingDouble((ScoreDoc d) -> -d.score));
        Set<Integer> overlap = got.stream().filter(truth::contains).collect(Collectors.toSet());
        assertThat(overlap.size()).as("recall against brute force").isGreaterThanOrEqualTo(K - 2);
    }

    private static List<Integer> bruteForce(List<Chunk> chunks, float[] q, String topic) {
        return chunks.stream().filter(c -> c.topic().equals(topic) && !c.deleted())
                .sorted(Comparator.comparingDouble((Chunk c) -> -VectorSimilarityFunction.COSINE.compare(q, c.v()))
                        .thenComparingInt(Chunk::id))
                .limit(K).map(Chunk::id).toList();
    }

    private static List<Integer> ids(IndexSearcher s, ScoreDoc[] docs) throws Exception {
        List<Integer> out = new ArrayList<>();
        for (ScoreDoc d : docs) {
            out.add(id(s, d.doc));
        }
        return out;
    }

    private static int id(IndexSearcher s, int doc) throws Exception {
        return Integer.parseInt(s.storedFields().document(doc).get(Fields.ID));
    }
}
