package dev.engram.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.IntFunction;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The test helper {@link IndexDamage} against real Lucene segments: its damage must make every stored-document read
 * fail, including a first chunk of more documents than its docBase moves (seen once when an indexer under load put
 * 88 small documents into one segment), and it must refuse a shape where some reads would still succeed.
 */
class IndexDamageTest {
    @TempDir
    Path root;

    /** One segment of {@code docs} documents (their stored text by number), compound or not. */
    private void segment(int docs, boolean compound, IntFunction<String> text) throws IOException {
        try (FSDirectory dir = FSDirectory.open(root.resolve("indexes/keyword"));
             IndexWriter w = new IndexWriter(dir, new IndexWriterConfig().setUseCompoundFile(compound))) {
            for (int i = 0; i < docs; i++) {
                Document d = new Document();
                d.add(new StringField("id", "d" + i, Field.Store.NO));
                d.add(new StoredField("text", text.apply(i)));
                w.addDocument(d);
            }
            w.forceMerge(1);
            w.commit();
        }
    }

    @ParameterizedTest
    @CsvSource({"10, true", "64, false", "88, true", "200, false"})
    void everyStoredDocumentOfASegmentFailsToReadAfterTheDamage(int docs, boolean compound) throws IOException {
        segment(docs, compound, i -> "note " + i); // tiny: one chunk of stored texts
        IndexDamage.flipStoredTexts(root, false);
        try (FSDirectory dir = FSDirectory.open(root.resolve("indexes/keyword"));
             DirectoryReader reader = DirectoryReader.open(dir)) {
            assertThat(reader.maxDoc()).isEqualTo(docs);
            StoredFields stored = reader.leaves().getFirst().reader().storedFields();
            for (int i = 0; i < docs; i++) {
                int doc = i;
                assertThatThrownBy(() -> stored.document(doc)).as("document %d of %d", doc, docs)
                        .isInstanceOf(CorruptIndexException.class);
            }
        }
    }

    @Test
    void aShapeWhereSomeReadsWouldSucceedIsRefusedAndNothingIsDamaged() throws IOException {
        // a first chunk of more than 64 documents (100 small ones, then larger ones; docBase 0, moved to 64) in a
        // segment with many chunks after it: documents from 64 on would still lie in the moved range, which ends
        // inside the segment
        segment(2_000, false, i -> "note " + i + " " + "x".repeat(i < 100 ? 10 : 2_000));
        assertThatThrownBy(() -> IndexDamage.flipStoredTexts(root, false)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not every read would fail");
        try (FSDirectory dir = FSDirectory.open(root.resolve("indexes/keyword"));
             DirectoryReader reader = DirectoryReader.open(dir)) {
            assertThat(reader.leaves().getFirst().reader().storedFields().document(0).get("text"))
                    .startsWith("note 0 ");
        }
    }
}
