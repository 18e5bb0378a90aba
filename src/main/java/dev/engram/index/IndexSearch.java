package dev.engram.index;

import dev.engram.index.api.IndexException;
import dev.engram.index.api.SearchHit;
import dev.engram.index.api.SearchMode;
import dev.engram.index.api.SearchQuery;
import dev.engram.index.api.SearchResults;
import dev.engram.journal.Day;
import java.io.IOException;
import java.util.Arrays;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.MultiCollectorManager;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TermRangeQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopScoreDocCollectorManager;

/**
 * Runs a {@link SearchQuery} on one point-in-time view of the index: relative dates read into a day range, the filters,
 * then BM25 (keyword), the nearest chunk vectors with the same filters (semantic), or both fused by reciprocal rank
 * fusion (hybrid); exact counts of what matched; snippets.
 */
final class IndexSearch {
    /** The reciprocal-rank-fusion constant (Cormack et al.): a hit at rank r adds 1 / (RRF_K + r). */
    static final int RRF_K = 60;
    /** Nearest chunks taken by a semantic or hybrid search (more when a page reaches further). */
    static final int NEAREST = 100;
    /** The least cosine similarity for a chunk to count as near a query in meaning. */
    static final float MIN_COSINE = 0.3f;
    /** {@link #MIN_COSINE} as Lucene scores cosine vectors: (1 + cos) / 2. */
    private static final float MIN_SCORE = (1 + MIN_COSINE) / 2;
    private final Analyzer analyzer;
    private final UserQuery parser;
    private final Embeddings embeddings;
    private final RelativeDates dates;

    IndexSearch(Analyzer analyzer, Embeddings embeddings, Clock clock) {
        this.analyzer = analyzer;
        this.parser = new UserQuery(analyzer, Fields.TEXT);
        this.embeddings = embeddings;
        this.dates = new RelativeDates(clock);
    }

    SearchResults search(IndexSearcher searcher, SearchQuery q) throws IOException {
        List<String> notices = new ArrayList<>();
        String text = q.text();
        Optional<Day> from = q.from();
        Optional<Day> to = q.to();
        RelativeDates.Read read = dates.read(text);
        if (read.from().isPresent()) {
            // the phrase is never searched as words; an explicit day or range wins over the range it names (the
            // search app's day groups and day pages add the day to the same text)
            text = read.text();
            if (q.day().isEmpty() && from.isEmpty() && to.isEmpty()) {
                from = read.from();
                to = read.to();
                read.notice().ifPresent(notices::add);
            }
        }
        UserQuery.Parsed parsed = parser.parse(text);
        notices.addAll(parsed.notices());
        Query filter = filter(q, from, to, notices);
        Query keyword = new BooleanQuery.Builder().add(parsed.query(), Occur.MUST).add(filter, Occur.FILTER).build();
        int want = q.offset() + q.limit();
        SearchMode mode = mode(searcher, q, parsed, notices);
        List<ScoreDoc> nearest = List.of();
        if (mode != SearchMode.KEYWORD) {
            try {
                float[] v = embeddings.query(UserQuery.plainWords(text));
                int k = Math.max(NEAREST, want);
                nearest = Arrays.stream(Nearest.search(searcher, v, k, filter, narrowed(q, from, to),
                        parsed.excluded(), Nearest.Plan.STANDARD).docs()).filter(d -> d.score >= MIN_SCORE).toList();
            } catch (IndexException e) {
                notices.add(e.getMessage() + ": keyword search instead");
                mode = SearchMode.KEYWORD;
            }
        }
        StoredFields stored = searcher.storedFields();
        MatchCounts counts;
        List<ScoreDoc> ranked;
        if (mode == SearchMode.SEMANTIC) {
            counts = new MatchCounts();
            counts.addDocs(searcher.getIndexReader(), nearest.stream().mapToInt(d -> d.doc).toArray());
            ranked = nearest;
        } else {
            boolean hybrid = mode == SearchMode.HYBRID;
            // one pass over the matches both counts them all and keeps the best: the counts need every match anyway
            int top = Math.max(1, hybrid ? Math.max(NEAREST, want) : want);
            Object[] both = searcher.search(keyword, new MultiCollectorManager(
                    MatchCounts.manager(hybrid ? searcher.getIndexReader().maxDoc() : 0),
                    new TopScoreDocCollectorManager(top, Integer.MAX_VALUE)));
            counts = (MatchCounts) both[0];
            ScoreDoc[] best = ((TopDocs) both[1]).scoreDocs;
            // the near chunks that are no keyword match count too (from doc values: no stored document read)
            counts.addDocs(searcher.getIndexReader(), nearest.stream().mapToInt(d -> d.doc)
                    .filter(d -> !counts.matched(d)).toArray());
            ranked = counts.total <= q.offset() ? List.of() : hybrid ? fuse(best, nearest) : List.of(best);
        }
        List<SearchHit> hits = new ArrayList<>();
        for (int i = q.offset(); i < Math.min(want, ranked.size()); i++) {
            hits.add(hit(stored.document(ranked.get(i).doc), ranked.get(i).score, parsed));
        }
        Map<String, Long> days = new LinkedHashMap<>();
        counts.days.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByKey().reversed())
                .forEach(e -> days.put(e.getKey(), e.getValue()));
        return new SearchResults(counts.total, byCount(counts.facets), byCount(counts.topics), days, hits, notices,
                mode);
    }

    /** The chunk filter: type, facet, topic, day or range, stream, time bucket, entity. */
    private Query filter(SearchQuery q, Optional<Day> from, Optional<Day> to, List<String> notices) {
        BooleanQuery.Builder b = new BooleanQuery.Builder().add(Vectors.chunks(), Occur.FILTER);
        q.facet().ifPresent(f -> b.add(new TermQuery(new Term(Fields.FACET, f)), Occur.FILTER));
        q.topic().ifPresent(t -> b.add(new TermQuery(new Term(Fields.TOPIC, t)), Occur.FILTER));
        q.stream().ifPresent(s -> b.add(new TermQuery(new Term(Fields.STREAM, s)), Occur.FILTER));
        q.timeBucket().ifPresent(t -> b.add(new TermQuery(new Term(Fields.BUCKET, t)), Occur.FILTER));
        if (q.day().isPresent()) {
            b.add(new TermQuery(new Term(Fields.DAY, q.day().get().key())), Occur.FILTER);
        } else if (from.isPresent() || to.isPresent()) {
            b.add(TermRangeQuery.newStringRange(Fields.DAY, from.map(Day::key).orElse(null),
                    to.map(Day::key).orElse(null), true, true), Occur.FILTER);
        }
        q.entity().ifPresent(e -> {
            Optional<Query> mention = parser.mention(e);
            if (mention.isEmpty()) {
                notices.add("the entity '" + e + "' has no searchable words: nothing can mention it");
            }
            b.add(mention.orElseGet(MatchNoDocsQuery::new), Occur.FILTER);
        });
        return b.build();
    }

    /** Whether any filter narrows the chunks searched (beyond "every chunk"). */
    private static boolean narrowed(SearchQuery q, Optional<Day> from, Optional<Day> to) {
        return q.facet().isPresent() || q.topic().isPresent() || q.stream().isPresent() || q.timeBucket().isPresent()
                || q.day().isPresent() || from.isPresent() || to.isPresent() || q.entity().isPresent();
    }

    /** The mode asked for, or hybrid where vectors exist; keyword when there are no words or no vectors yet. */
    private SearchMode mode(IndexSearcher searcher, SearchQuery q, UserQuery.Parsed parsed, List<String> notices)
            throws IOException {
        boolean words = (!parsed.terms().isEmpty() || !parsed.prefixes().isEmpty())
                && !UserQuery.plainWords(q.text()).isBlank(); // "NOT roof" alone has nothing to look for by meaning
        if (!words || q.mode().orElse(SearchMode.HYBRID) == SearchMode.KEYWORD) {
            return SearchMode.KEYWORD;
        }
        boolean vectors = Vectors.hasVectors(searcher) && embeddings.failure().isEmpty();
        if (!vectors) {
            if (q.mode().isPresent()) {
                notices.add(embeddings.failure().orElse("no chunk has its embedding yet (the backlog fills them in"
                        + " the background)") + ": " + q.mode().get().wireName() + " search ran as keyword search");
            }
            return SearchMode.KEYWORD;
        }
        return q.mode().orElse(SearchMode.HYBRID);
    }

    /** Reciprocal rank fusion of two rankings; ties keep index order. */
    static List<ScoreDoc> fuse(ScoreDoc[] keyword, List<ScoreDoc> nearest) {
        Map<Integer, Float> score = new HashMap<>();
        for (int r = 0; r < keyword.length; r++) {
            score.merge(keyword[r].doc, 1f / (RRF_K + r + 1), Float::sum);
        }
        for (int r = 0; r < nearest.size(); r++) {
            score.merge(nearest.get(r).doc, 1f / (RRF_K + r + 1), Float::sum);
        }
        List<ScoreDoc> out = new ArrayList<>(score.size());
        score.forEach((doc, s) -> out.add(new ScoreDoc(doc, s)));
        out.sort(Comparator.<ScoreDoc>comparingDouble(d -> -d.score).thenComparingInt(d -> d.doc));
        return out;
    }

    private SearchHit hit(Document d, float score, UserQuery.Parsed parsed) {
        String path = d.get(Fields.PATH);
        int ordinal = d.getField(Fields.ORDINAL).numericValue().intValue();
        String body = d.get(Fields.BODY);
        String snippet = Snippets.html(analyzer, Fields.TEXT, body, parsed.terms(), parsed.prefixes());
        return new SearchHit(path + ":" + ordinal, path, ordinal, Optional.ofNullable(d.get(Fields.DAY)),
                Fields.segmentOf(path), Optional.ofNullable(d.get(Fields.TIME)),
                Optional.ofNullable(d.get(Fields.FACET)), d.get(Fields.TOPIC), d.get(Fields.HEADER), body, snippet,
                score, Optional.ofNullable(d.get(Fields.STREAM)), Optional.ofNullable(d.get(Fields.BUCKET)));
    }

    private static Map<String, Long> byCount(Map<String, Long> m) {
        Map<String, Long> out = new LinkedHashMap<>();
        m.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey())).forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
