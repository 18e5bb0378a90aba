package dev.engram.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LogDocMergePolicy;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.InfoStream;
import org.junit.jupiter.api.Test;

/**
 * Lucene's merges run at minimum priority even when a normal-priority thread (the quick follower, a commit) triggers
 * them: the merge threads report through Lucene's own info stream, which hears each message on the thread doing the
 * work.
 */
class BackgroundMergesTest {
    @Test
    void mergeThreadsRunAtMinimumPriorityWhateverTheTriggeringThreadsPriority() throws Exception {
        List<Integer> mergePriorities = new CopyOnWriteArrayList<>();
        InfoStream seen = new InfoStream() {
            @Override
            public void message(String component, String message) {
                if (Thread.currentThread().getName().startsWith("Lucene Merge Thread")) {
                    mergePriorities.add(Thread.currentThread().getPriority());
                }
            }

            @Override
            public boolean isEnabled(String component) {
                return component.equals("MS"); // the merge scheduler's messages, some from the merge threads
            }

            @Override
            public void close() {
            }
        };
        LogDocMergePolicy everyTwo = new LogDocMergePolicy();
        everyTwo.setMergeFactor(2);
        everyTwo.setMinMergeDocs(1);
        assertThat(Thread.currentThread().getPriority()).isEqualTo(Thread.NORM_PRIORITY);
        try (ByteBuffersDirectory dir = new ByteBuffersDirectory();
             IndexWriter w = new IndexWriter(dir, new IndexWriterConfig().setMergePolicy(everyTwo)
                     .setMergeScheduler(new BackgroundMerges()).setInfoStream(seen))) {
            for (int i = 0; i < 8; i++) {
                Document d = new Document();
                d.add(new StringField("id", "doc" + i, Field.Store.NO));
                w.addDocument(d);
                w.commit(); // a segment each: merges follow
            }
            w.forceMerge(1); // waits for the merges
        }
        assertThat(mergePriorities).as("merge threads' priorities").isNotEmpty().containsOnly(Thread.MIN_PRIORITY);
    }
}
