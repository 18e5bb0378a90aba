package dev.engram.index;

import dev.engram.index.api.SearchQuery;
import dev.engram.journal.Day;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.util.BytesRef;

/**
 * The benchmark's fixed mixed query set, drawn with a seed from the index's own vocabulary: rare, middling and very
 * common single words, phrases taken from chunks, prefixes, plain two-word queries (NEAR), words with a facet, topic
 * or 30-day filter, OR and NOT. The same index and seed give the same queries.
 */
final class BenchQueries {
    private record Word(String text, int df) {
    }

    private BenchQueries() {
    }

    static List<SearchQuery> make(KeywordIndex index, int n, long seed) {
        return index.withSearcher(s -> make(s, n, new Random(seed)));
    }

    private static List<SearchQuery> make(IndexSearcher s, int n, Random rnd) throws IOException {
        List<Word> words = new ArrayList<>();
        terms(s, Fields.TEXT, words);
        words.sort(Comparator.comparingInt(Word::df));
        List<String> facets = values(s, Fields.FACET);
        List<String> topics = values(s, Fields.TOPIC);
        List<String> days = values(s, Fields.DAY);
        if (words.size() < 20 || days.isEmpty()) {
            throw new IllegalStateException("the index is too small for the benchmark's query set");
        }
        int third = words.size() / 3;
        StoredFields stored = s.storedFields();
        int maxDoc = s.getIndexReader().maxDoc();
        List<SearchQuery> out = new ArrayList<>();
        for (int i = 0; out.size() < n; i++) {
            String rare = words.get(rnd.nextInt(third)).text();
            String mid = words.get(third + rnd.nextInt(third)).text();
            String common = words.get(words.size() - 1 - rnd.nextInt(Math.min(50, third))).text();
            SearchQuery q = switch (i % 8) {
                case 0 -> SearchQuery.of(rare);
                case 1 -> SearchQuery.of(common);
                case 2 -> SearchQuery.of(mid);
                case 3 -> phrase(stored, maxDoc, rnd).map(SearchQuery::of).orElse(SearchQuery.of(mid));
                case 4 -> SearchQuery.of(mid.substring(0, Math.min(4, mid.length())) + "*");
                case 5 -> SearchQuery.of(mid + " " + common);
                case 6 -> switch (rnd.nextInt(3)) {
                    case 0 -> facets.isEmpty() ? SearchQuery.of(common)
                            : SearchQuery.of(common).withFacet(facets.get(rnd.nextInt(facets.size())));
                    case 1 -> SearchQuery.of(mid).withTopic(topics.get(rnd.nextInt(topics.size())));
                    default -> {
                        Day from = Day.parse(days.get(rnd.nextInt(days.size())));
                        yield SearchQuery.of(common).withRange(from, from.plusDays(29));
                    }
                };
                default -> rnd.nextBoolean() ? SearchQuery.of(rare + " OR " + mid)
                        : SearchQuery.of(common + " NOT " + mid);
            };
            out.add(q);
        }
        return out;
    }

    /** Every alphabetic term of at least 4 letters, with its document frequency, into {@code words}. */
    private static void terms(IndexSearcher s, String field, List<Word> words) throws IOException {
        Terms terms = MultiTerms.getTerms(s.getIndexReader(), field);
        if (terms != null) {
            TermsEnum te = terms.iterator();
            for (BytesRef t = te.next(); t != null; t = te.next()) {
                String w = t.utf8ToString();
                if (w.length() >= 4 && w.chars().allMatch(Character::isLetter)) {
                    words.add(new Word(w, te.docFreq()));
                }
            }
        }
    }

    private static List<String> values(IndexSearcher s, String field) throws IOException {
        List<String> out = new ArrayList<>();
        Terms terms = MultiTerms.getTerms(s.getIndexReader(), field);
        if (terms != null) {
            TermsEnum te = terms.iterator();
            for (BytesRef t = te.next(); t != null; t = te.next()) {
                out.add(t.utf8ToString());
            }
        }
        return out;
    }

    /** Two adjacent words of a random chunk, quoted. */
    private static java.util.Optional<String> phrase(StoredFields stored, int maxDoc, Random rnd) throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            String body = stored.document(rnd.nextInt(maxDoc)).get(Fields.BODY);
            if (body == null) {
                continue;
            }
            String[] w = body.split("[^\\p{L}]+");
            if (w.length >= 3) {
                int at = rnd.nextInt(w.length - 1);
                if (w[at].length() >= 3 && w[at + 1].length() >= 3) {
                    return java.util.Optional.of("\"" + w[at] + " " + w[at + 1] + "\"");
                }
            }
        }
        return java.util.Optional.empty();
    }
}
