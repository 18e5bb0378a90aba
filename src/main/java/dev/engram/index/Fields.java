package dev.engram.index;

import dev.engram.journal.SegmentKey;
import java.util.Optional;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.util.BytesRef;

/**
 * The index's documents (format {@value IndexFolder#FORMAT}): chunk documents ({@code type=chunk}: path, ordinal,
 * day, time, facet, topic, header, text) and manifest documents ({@code type=file}: the indexed file's path, size,
 * mtime, SHA-256 and chunk count). Text is analysed by Lucene's StandardAnalyzer (Unicode word breaks, lowercase, no
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

    private Fields() {
    }

    static Analyzer analyzer() {
        return new StandardAnalyzer();
    }

    static Document chunk(Source src, String topic, int ordinal, Chunk c) {
        Document d = new Document();
        d.add(new StringField(TYPE, CHUNK, Field.Store.NO));
        d.add(new StringField(PATH, src.path(), Field.Store.YES));
        d.add(new StoredField(ORDINAL, ordinal));
        src.day().ifPresent(day -> keyword(d, DAY, day.key()));
        src.facet().ifPresent(f -> keyword(d, FACET, f));
        keyword(d, TOPIC, topic);
        c.time().ifPresent(t -> d.add(new StoredField(TIME, t)));
        d.add(new StoredField(HEADER, c.header()));
        d.add(new StoredField(BODY, c.text()));
        d.add(new TextField(TEXT, c.searchable(), Field.Store.NO));
        return d;
    }

    static Document file(String path, Manifest.Entry e) {
        Document d = new Document();
        d.add(new StringField(TYPE, FILE, Field.Store.NO));
        d.add(new StringField(FILE_PATH, path, Field.Store.YES));
        d.add(new StoredField(SIZE, e.size()));
        d.add(new StoredField(MTIME, e.mtime()));
        d.add(new StoredField(HASH, e.hash()));
        d.add(new StoredField(CHUNKS, e.chunks()));
        return d;
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
