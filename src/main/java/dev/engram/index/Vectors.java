package dev.engram.index;

import java.io.IOException;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldExistsQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/** The vector side of the index: which chunks still wait for their embedding, and how far embedding has come. */
final class Vectors {
    private Vectors() {
    }

    /** Chunks embedded of all chunks. */
    record Progress(long embedded, long chunks) {
        long backlog() {
            return Math.max(0, chunks - embedded);
        }

        int percent() {
            return chunks == 0 ? 100 : (int) (100 * embedded / chunks);
        }
    }

    static Query chunks() {
        return new TermQuery(new Term(Fields.TYPE, Fields.CHUNK));
    }

    /** Chunks without a vector. */
    static Query backlog() {
        return new BooleanQuery.Builder().add(chunks(), Occur.FILTER)
                .add(new FieldExistsQuery(Fields.VECTOR), Occur.MUST_NOT).build();
    }

    static Progress progress(IndexSearcher s) throws IOException {
        return new Progress(embedded(s), s.count(chunks()));
    }

    /** Live chunks with a vector. */
    static long embedded(IndexSearcher s) throws IOException {
        return hasVectors(s) ? s.count(new FieldExistsQuery(Fields.VECTOR)) : 0;
    }

    /** Whether any segment of the view holds vectors (cheap: no search). */
    static boolean hasVectors(IndexSearcher s) throws IOException {
        for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
            FloatVectorValues v = leaf.reader().getFloatVectorValues(Fields.VECTOR);
            if (v != null && v.size() > 0) {
                return true;
            }
        }
        return false;
    }
}
