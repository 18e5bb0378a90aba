package dev.engram.index;

import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DocValues;
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

    /** Counts one more chunk read from its stored fields. */
    void addStored(Document d) {
        total++;
        count(d.get(Fields.FACET), facets);
        count(d.get(Fields.TOPIC), topics);
        count(d.get(Fields.DAY), days);
    }

    private static void count(String value, Map<String, Long> into) {
        if (value != null) {
            into.merge(value, 1L, Long::sum);
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
            SortedDocValues facet = DocValues.getSorted(context.reader(), Fields.FACET);
            SortedDocValues topic = DocValues.getSorted(context.reader(), Fields.TOPIC);
            SortedDocValues day = DocValues.getSorted(context.reader(), Fields.DAY);
            int base = context.docBase;
            return new LeafCollector() {
                @Override
                public void setScorer(Scorable scorer) {
                }

                @Override
                public void collect(int doc) throws IOException {
                    counts.total++;
                    count(facet, doc, counts.facets);
                    count(topic, doc, counts.topics);
                    count(day, doc, counts.days);
                    if (counts.docs != null) {
                        counts.docs.set(base + doc);
                    }
                }
            };
        }

        private static void count(SortedDocValues values, int doc, Map<String, Long> into) throws IOException {
            if (values.advanceExact(doc)) {
                into.merge(values.lookupOrd(values.ordValue()).utf8ToString(), 1L, Long::sum);
            }
        }

        @Override
        public ScoreMode scoreMode() {
            return ScoreMode.COMPLETE_NO_SCORES;
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
