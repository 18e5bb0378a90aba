package dev.engram.index;

import dev.engram.journal.Day;
import dev.engram.journal.SegmentKey;
import java.util.Optional;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.util.BytesRef;

/**
 * The index's documents (format {@value IndexFolder#FORMAT}): chunk documents ({@code type=chunk}: path, id,
 * ordinal, day, time, time bucket, facet, topic, stream, header, text, and once embedded a vector) and manifest documents ({@code type=file}: the indexed file's path, size,
 * mtime, SHA-256 and chunk count; also under {@code path}, and written in one block with the file's chunks, so a
 * commit holds both or neither). Text is analysed by Lucene's StandardAnalyzer (Unicode word breaks, lowercase, no
 * stemming, no stop words: like the reference's unicode61 tokenizer).
 */
final class Fields {
    static final String TYPE = "type";
    static final String CHUNK = "chunk";
    static final String FILE = "file";
    static final String PATH = "path";
    static final String FILE_PATH = "file_path";
    static final String ORDINAL = "ordinal";
    static final String DAY = "day";
    static final String TIME = "time";
    static final String FACET = "facet";
    static final String TOPIC = "topic";
    static final String HEADER = "header";
    static final String BODY = "body";
    static final String TEXT = "text";
    static final String SIZE = "size";
    static final String MTIME = "mtime";
    static final String HASH = "sha256";
    static final String CHUNKS = "chunks";
    /** {@code path:ordinal}: the chunk's unique key, to attach its vector later. */
    static final String ID = "id";
    static final String STREAM = "stream";
    static final String BUCKET = "time_bucket";
    /** The chunk's all-MiniLM-L6-v2 embedding ({@value Embeddings#DIMENSION} floats, cosine); absent until embedded. */
    static final String VECTOR = "vector";

    private Fields() {
    }

    static Analyzer analyzer() {
        return new StandardAnalyzer();
    }

    static Document chunk(Source src, String topic, int ordinal, Chunk c, Optional<String> stream,
                          Optional<Day> day) {
        return chunk(src.path(), ordinal, src.day().or(() -> day).map(Day::key), src.facet(), topic, c.time(),
                bucket(src, c.time()), c.header(), c.text(), stream, Optional.empty());
    }

    /** The chunk's time bucket: the segment start's where it has a segment (spec §5, HEAD), else its own time's. */
    private static Optional<String> bucket(Source src, Optional<String> time) {
        return src.segmentStart().map(s -> bucket(s.getHour())).or(() -> time.flatMap(Fields::bucket));
    }

    /** A chunk document; everything it holds is stored, so {@link #withVector} can write it again with a vector. */
    private static Document chunk(String path, int ordinal, Optional<String> day, Optional<String> facet, String topic,
                                  Optional<String> time, Optional<String> bucket, String header, String body,
                                  Optional<String> stream, Optional<float[]> vector) {
        Document d = new Document();
        d.add(new StringField(TYPE, CHUNK, Field.Store.NO));
        d.add(new StringField(PATH, path, Field.Store.YES));
        d.add(new StringField(ID, path + ":" + ordinal, Field.Store.NO));
        d.add(new StoredField(ORDINAL, ordinal));
        day.ifPresent(v -> keyword(d, DAY, v));
        facet.ifPresent(f -> keyword(d, FACET, f));
        keyword(d, TOPIC, topic);
        time.ifPresent(t -> d.add(new StoredField(TIME, t)));
        bucket.ifPresent(b -> keyword(d, BUCKET, b));
        stream.ifPresent(s -> keyword(d, STREAM, s));
        d.add(new StoredField(HEADER, header));
        d.add(new StoredField(BODY, body));
        d.add(new TextField(TEXT, searchable(header, body), Field.Store.NO));
        vector.ifPresent(v -> d.add(new KnnFloatVectorField(VECTOR, v, VectorSimilarityFunction.COSINE)));
        return d;
    }

    /** The text searched and embedded: the header path, then the text. */
    static String searchable(String header, String body) {
        return header.isEmpty() ? body : header + "\n" + body;
    }

    /** The stored chunk {@code d} (as read from the index) again, now with its vector. */
    static Document withVector(Document d, float[] vector) {
        return chunk(d.get(PATH), d.getField(ORDINAL).numericValue().intValue(), Optional.ofNullable(d.get(DAY)),
                Optional.ofNullable(d.get(FACET)), d.get(TOPIC), Optional.ofNullable(d.get(TIME)),
                Optional.ofNullable(d.get(BUCKET)), d.get(HEADER), d.get(BODY), Optional.ofNullable(d.get(STREAM)),
                Optional.of(vector));
    }

    /** The id term of a stored chunk. */
    static String id(Document d) {
        return d.get(PATH) + ":" + d.getField(ORDINAL).numericValue().intValue();
    }

    /** The reference's time buckets from a {@code HH:MM[:SS]} time: morning 06-11, afternoon 12-16, evening 17-20, night. */
    static Optional<String> bucket(String time) {
        if (time.length() < 2 || !Character.isDigit(time.charAt(0)) || !Character.isDigit(time.charAt(1))) {
            return Optional.empty();
        }
        return Optional.of(bucket(Integer.parseInt(time.substring(0, 2))));
    }

    private static String bucket(int h) {
        return h >= 6 && h <= 11 ? "morning" : h >= 12 && h <= 16 ? "afternoon"
                : h >= 17 && h <= 20 ? "evening" : "night";
    }

    /**
     * A manifest document. Its values are doc values (not stored fields): opening the index reads the whole manifest
     * column by column ({@link #readManifest}) without decompressing the chunks' stored text around it.
     */
    static Document file(String path, Manifest.Entry e) {
        Document d = new Document();
        d.add(new StringField(TYPE, FILE, Field.Store.NO));
        d.add(new StringField(FILE_PATH, path, Field.Store.NO));
        d.add(new StringField(PATH, path, Field.Store.NO)); // in its file's block: one delete term removes both
        d.add(new BinaryDocValuesField(FILE_PATH, new BytesRef(path)));
        d.add(new NumericDocValuesField(SIZE, e.size()));
        d.add(new NumericDocValuesField(MTIME, e.mtime()));
        d.add(new BinaryDocValuesField(HASH, new BytesRef(e.hash())));
        d.add(new NumericDocValuesField(CHUNKS, e.chunks()));
        return d;
    }

    /** Every live manifest document of {@code reader}, to {@code out}. */
    static void readManifest(org.apache.lucene.index.IndexReader reader,
                             java.util.function.BiConsumer<String, Manifest.Entry> out) throws java.io.IOException {
        for (org.apache.lucene.index.LeafReaderContext leaf : reader.leaves()) {
            org.apache.lucene.index.LeafReader r = leaf.reader();
            org.apache.lucene.index.PostingsEnum docs = r.postings(new org.apache.lucene.index.Term(TYPE, FILE));
            if (docs == null) {
                continue;
            }
            org.apache.lucene.util.Bits live = r.getLiveDocs();
            var paths = org.apache.lucene.index.DocValues.getBinary(r, FILE_PATH);
            var hashes = org.apache.lucene.index.DocValues.getBinary(r, HASH);
            var sizes = org.apache.lucene.index.DocValues.getNumeric(r, SIZE);
            var mtimes = org.apache.lucene.index.DocValues.getNumeric(r, MTIME);
            var chunks = org.apache.lucene.index.DocValues.getNumeric(r, CHUNKS);
            for (int doc = docs.nextDoc(); doc != org.apache.lucene.search.DocIdSetIterator.NO_MORE_DOCS;
                 doc = docs.nextDoc()) {
                if ((live != null && !live.get(doc)) || !paths.advanceExact(doc) || !hashes.advanceExact(doc)
                        || !sizes.advanceExact(doc) || !mtimes.advanceExact(doc) || !chunks.advanceExact(doc)) {
                    continue;
                }
                out.accept(paths.binaryValue().utf8ToString(), new Manifest.Entry(sizes.longValue(),
                        mtimes.longValue(), hashes.binaryValue().utf8ToString(), (int) chunks.longValue()));
            }
        }
    }

    private static void keyword(Document d, String field, String value) {
        d.add(new StringField(field, value, Field.Store.YES));
        d.add(new SortedDocValuesField(field, new BytesRef(value)));
    }

    static Optional<String> segmentOf(String path) {
        String[] p = path.split("/");
        return p.length == 3 ? SegmentKey.tryParse(p[1]).map(SegmentKey::key) : Optional.empty();
    }
}
