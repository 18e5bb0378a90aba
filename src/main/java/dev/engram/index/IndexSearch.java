package dev.engram.index;

import dev.engram.index.api.SearchHit;
import dev.engram.index.api.SearchQuery;
import dev.engram.index.api.SearchResults;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TermRangeQuery;
import org.apache.lucene.search.TopDocs;

/** Runs a {@link SearchQuery} on one point-in-time view of the index: BM25 hits, exact counts, snippets. */
final class IndexSearch {
    private final Analyzer analyzer;
    private final UserQuery parser;

    IndexSearch(Analyzer analyzer) {
        this.analyzer = analyzer;
        this.parser = new UserQuery(analyzer, Fields.TEXT);
    }

    SearchResults search(IndexSearcher searcher, SearchQuery q) throws IOException {
        UserQuery.Parsed parsed = parser.parse(q.text());
        BooleanQuery.Builder b = new BooleanQuery.Builder()
                .add(parsed.query(), Occur.MUST)
                .add(new TermQuery(new Term(Fields.TYPE, Fields.CHUNK)), Occur.FILTER);
        q.facet().ifPresent(f -> b.add(new TermQuery(new Term(Fields.FACET, f)), Occur.FILTER));
        q.topic().ifPresent(t -> b.add(new TermQuery(new Term(Fields.TOPIC, t)), Occur.FILTER));
        if (q.day().isPresent()) {
            b.add(new TermQuery(new Term(Fields.DAY, q.day().get().key())), Occur.FILTER);
        } else if (q.from().isPresent() || q.to().isPresent()) {
            b.add(TermRangeQuery.newStringRange(Fields.DAY, q.from().map(d -> d.key()).orElse(null),
                    q.to().map(d -> d.key()).orElse(null), true, true), Occur.FILTER);
        }
        Query query = b.build();
        Counts counts = searcher.search(query, new CountManager());
        List<SearchHit> hits = new ArrayList<>();
        int want = q.offset() + q.limit();
        if (counts.total > q.offset()) {
            TopDocs top = searcher.search(query, want);
            StoredFields stored = searcher.storedFields();
            ScoreDoc[] docs = top.scoreDocs;
            for (int i = q.offset(); i < docs.length; i++) {
                hits.add(hit(stored.document(docs[i].doc), docs[i].score, parsed));
            }
        }
        Map<String, Long> days = new LinkedHashMap<>();
        counts.days.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByKey().reversed())
                .forEach(e -> days.put(e.getKey(), e.getValue()));
        return new SearchResults(counts.total, byCount(counts.facets), byCount(counts.topics), days, hits,
                parsed.notices());
    }

    private SearchHit hit(Document d, float score, UserQuery.Parsed parsed) {
        String path = d.get(Fields.PATH);
        int ordinal = d.getField(Fields.ORDINAL).numericValue().intValue();
        String body = d.get(Fields.BODY);
        String snippet = Snippets.html(analyzer, Fields.TEXT, body, parsed.terms(), parsed.prefixes());
        return new SearchHit(path + ":" + ordinal, path, ordinal, Optional.ofNullable(d.get(Fields.DAY)),
                Fields.segmentOf(path), Optional.ofNullable(d.get(Fields.TIME)),
                Optional.ofNullable(d.get(Fields.FACET)), d.get(Fields.TOPIC), d.get(Fields.HEADER), body, snippet,
                score);
    }

    private static Map<String, Long> byCount(Map<String, Long> m) {
        Map<String, Long> out = new LinkedHashMap<>();
        m.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey())).forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** Exact total and counts by facet, topic and day of every matching chunk. */
    static final class Counts {
        long total;
        final Map<String, Long> facets = new HashMap<>();
        final Map<String, Long> topics = new HashMap<>();
        final Map<String, Long> days = new HashMap<>();

        void add(Counts o) {
            total += o.total;
            o.facets.forEach((k, v) -> facets.merge(k, v, Long::sum));
            o.topics.forEach((k, v) -> topics.merge(k, v, Long::sum));
            o.days.forEach((k, v) -> days.merge(k, v, Long::sum));
        }
    }

    private static final class CountCollector implements Collector {
        final Counts counts = new Counts();

        @Override
        public LeafCollector getLeafCollector(LeafReaderContext context) throws IOException {
            SortedDocValues facet = DocValues.getSorted(context.reader(), Fields.FACET);
            SortedDocValues topic = DocValues.getSorted(context.reader(), Fields.TOPIC);
            SortedDocValues day = DocValues.getSorted(context.reader(), Fields.DAY);
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

    private static final class CountManager implements CollectorManager<CountCollector, Counts> {
        @Override
        public CountCollector newCollector() {
            return new CountCollector();
        }

        @Override
        public Counts reduce(Collection<CountCollector> collectors) {
            Counts all = new Counts();
            collectors.forEach(c -> all.add(c.counts));
            return all;
        }
    }
}
