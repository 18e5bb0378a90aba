package dev.engram.index;

import java.io.IOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.util.FixedBitSet;

/**
 * Exact total and counts by facet, topic and day of every chunk a query matches, from doc values; optionally also
 * which documents matched (so a hybrid search can add the nearest chunks that are not keyword matches).
 */
final class MatchCounts {
    long total;
    final Map<String, Long> facets = new HashMap<>();
    final Map<String, Long> topics = new HashMap<>();
    final Map<String, Long> days = new HashMap<>();
    FixedBitSet docs;

    void add(MatchCounts o) {
        total += o.total;
        o.facets.forEach((k, v) -> facets.merge(k, v, Long::sum));
        o.topics.forEach((k, v) -> topics.merge(k, v, Long::sum));
        o.days.forEach((k, v) -> days.merge(k, v, Long::sum));
        if (o.docs != null) {
            if (docs == null) {
                docs = new FixedBitSet(o.docs.length());
            }
            docs.or(o.docs);
        }
    }

    boolean matched(int doc) {
        return docs != null && docs.get(doc);
    }

    /** Counts the chunks {@code docs} (top-level document ids, any order) from their doc values. */
    void addDocs(IndexReader reader, int[] docs) throws IOException {
        int[] sorted = docs.clone();
        Arrays.sort(sorted);
        int i = 0;
        for (LeafReaderContext leaf : reader.leaves()) {
            int end = leaf.docBase + leaf.reader().maxDoc();
            if (i < sorted.length && sorted[i] < end) {
                Ordinals facet = new Ordinals(DocValues.getSorted(leaf.reader(), Fields.FACET), facets);
                Ordinals topic = new Ordinals(DocValues.getSorted(leaf.reader(), Fields.TOPIC), topics);
                Ordinals day = new Ordinals(DocValues.getSorted(leaf.reader(), Fields.DAY), days);
                for (; i < sorted.length && sorted[i] < end; i++) {
                    int doc = sorted[i] - leaf.docBase;
                    total++;
                    facet.count(doc);
                    topic.count(doc);
                    day.count(doc);
                }
                facet.finish();
                topic.finish();
                day.finish();
            }
        }
    }

    /** Counts every match; {@code maxDoc > 0} also remembers which documents matched. */
    static CollectorManager<?, MatchCounts> manager(int maxDoc) {
        return new Manager(maxDoc);
    }

    private static final class CountCollector implements Collector {
        final MatchCounts counts = new MatchCounts();

        CountCollector(int maxDoc) {
            counts.docs = maxDoc > 0 ? new FixedBitSet(maxDoc) : null;
        }

        @Override
        public LeafCollector getLeafCollector(LeafReaderContext context) throws IOException {
            Ordinals facet = new Ordinals(DocValues.getSorted(context.reader(), Fields.FACET), counts.facets);
            Ordinals topic = new Ordinals(DocValues.getSorted(context.reader(), Fields.TOPIC), counts.topics);
            Ordinals day = new Ordinals(DocValues.getSorted(context.reader(), Fields.DAY), counts.days);
            int base = context.docBase;
            return new LeafCollector() {
                @Override
                public void setScorer(Scorable scorer) {
                }

                @Override
                public void collect(int doc) throws IOException {
                    counts.total++;
                    facet.count(doc);
                    topic.count(doc);
                    day.count(doc);
                    if (counts.docs != null) {
                        counts.docs.set(base + doc);
                    }
                }

                @Override
                public void finish() throws IOException {
                    facet.finish();
                    topic.finish();
                    day.finish();
                }
            };
        }

        @Override
        public ScoreMode scoreMode() {
            return ScoreMode.COMPLETE_NO_SCORES;
        }
    }

    /**
     * One segment's counts of one field by ordinal (no string per match: a common word matches a large share of a
     * year's chunks), turned into values once the segment is done.
     */
    private static final class Ordinals {
        private final SortedDocValues values;
        private final long[] counts;
        private final Map<String, Long> into;

        Ordinals(SortedDocValues values, Map<String, Long> into) {
            this.values = values;
            this.counts = new long[values.getValueCount()];
            this.into = into;
        }

        void count(int doc) throws IOException {
            if (values.advanceExact(doc)) {
                counts[values.ordValue()]++;
            }
        }

        void finish() throws IOException {
            for (int ord = 0; ord < counts.length; ord++) {
                if (counts[ord] > 0) {
                    into.merge(values.lookupOrd(ord).utf8ToString(), counts[ord], Long::sum);
                }
            }
        }
    }

    private record Manager(int maxDoc) implements CollectorManager<CountCollector, MatchCounts> {
        @Override
        public CountCollector newCollector() {
            return new CountCollector(maxDoc);
        }

        @Override
        public MatchCounts reduce(Collection<CountCollector> collectors) {
            MatchCounts all = new MatchCounts();
            collectors.forEach(c -> all.add(c.counts));
            return all;
        }
    }
}
