package dev.engram.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * The reference's query language on Lucene: words are ANDed, {@code OR} (lower precedence than AND), {@code NOT word}
 * (AND NOT), {@code "a phrase"}, {@code prefix*}; operators are upper case. Total: every input gives a query. As in
 * the reference, characters other than letters, digits, marks, whitespace, {@code "}, {@code '} and {@code *} are
 * read as spaces and an odd number of quotes drops all quotes; an operator where it cannot apply (alone, first,
 * last, doubled) is searched as a plain word. A blank query matches everything; a query with nothing searchable left
 * matches nothing. At most {@link #MAX_TERMS} terms are used, and a cut is reported as a notice. As at HEAD, a plain
 * query of several words (no operators, quotes or prefixes) also ranks the chunks where they stand within
 * {@link #NEAR} words of each other first (the same chunks match). Thread-safe.
 */
final class UserQuery {
    static final int MAX_TERMS = 64;
    static final int MAX_CHARS = 4000;
    /** How far apart (in word moves) the words of a plain multi-word query may be to rank as near each other. */
    static final int NEAR = 10;

    /**
     * The query, the terms and prefixes to highlight, notices for the user, and what the query rules out whichever way
     * it is read ({@code NOT} clauses of a query without {@code OR}; {@link MatchNoDocsQuery} when nothing): the
     * semantic side of a search must not bring back what the owner excluded.
     */
    record Parsed(Query query, Set<String> terms, Set<String> prefixes, List<String> notices, Query excluded) {
        Parsed(Query query, Set<String> terms, Set<String> prefixes, List<String> notices) {
            this(query, terms, prefixes, notices, new MatchNoDocsQuery());
        }
    }

    private enum Type { WORD, PHRASE, OR, NOT, AND }

    private record Token(Type type, String text, boolean prefix) {
    }

    private record Clause(Query query, boolean negated) {
    }

    private final Analyzer analyzer;
    private final String field;

    UserQuery(Analyzer analyzer, String field) {
        this.analyzer = analyzer;
        this.field = field;
    }

    Parsed parse(String input) {
        List<String> notices = new ArrayList<>();
        Set<String> terms = new LinkedHashSet<>();
        Set<String> prefixes = new LinkedHashSet<>();
        if (input == null || input.isBlank()) {
            return new Parsed(new MatchAllDocsQuery(), terms, prefixes, notices);
        }
        String text = input;
        if (text.length() > MAX_CHARS) {
            text = text.substring(0, MAX_CHARS);
            notices.add("the query was cut to its first " + MAX_CHARS + " characters");
        }
        List<Token> tokens = tokens(sanitize(text));
        List<List<Clause>> groups = new ArrayList<>();
        List<Clause> group = new ArrayList<>();
        int used = 0;
        boolean cut = false;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
            boolean operand = next != null && (next.type() == Type.WORD || next.type() == Type.PHRASE);
            if (t.type() == Type.OR && !group.isEmpty() && operand) {
                groups.add(group);
                group = new ArrayList<>();
                continue;
            }
            if (t.type() == Type.AND && !group.isEmpty() && operand) {
                continue;
            }
            boolean negated = false;
            if (t.type() == Type.NOT && operand) {
                negated = true;
                t = next;
                i++;
            }
            if (used >= MAX_TERMS) {
                cut = true;
                continue;
            }
            Query q = switch (t.type()) {
                case PHRASE -> phrase(analyze(t.text()), terms);
                case WORD -> t.prefix() ? prefix(analyze(t.text()), terms, prefixes) : phrase(analyze(t.text()), terms);
                default -> phrase(analyze(t.text()), terms); // an operator that cannot apply: a plain word
            };
            if (q != null) {
                group.add(new Clause(q, negated));
                used++;
            }
        }
        if (cut) {
            notices.add("the query was cut to its first " + MAX_TERMS + " terms");
        }
        groups.add(group);
        groups.removeIf(List::isEmpty);
        if (groups.isEmpty()) {
            notices.add("nothing searchable in the query (only punctuation or operators)");
            return new Parsed(new MatchNoDocsQuery(), terms, prefixes, notices);
        }
        if (groups.size() == 1) {
            Query all = and(groups.getFirst());
            boolean plain = !cut && tokens.stream().allMatch(t -> t.type() == Type.WORD && !t.prefix());
            List<String> words = plain ? tokens.stream().flatMap(t -> analyze(t.text()).stream()).toList() : List.of();
            if (words.size() >= 2) { // HEAD: NEAR(t1 t2 ..., 10) OR (t1 AND t2 ...): the same matches, near ones first
                PhraseQuery.Builder near = new PhraseQuery.Builder().setSlop(NEAR);
                words.forEach(w -> near.add(new Term(field, w)));
                all = new BooleanQuery.Builder().add(all, Occur.MUST).add(near.build(), Occur.SHOULD).build();
            }
            return new Parsed(all, terms, prefixes, notices, excluded(groups.getFirst()));
        }
        BooleanQuery.Builder or = new BooleanQuery.Builder();
        groups.forEach(g -> or.add(and(g), Occur.SHOULD));
        return new Parsed(or.build(), terms, prefixes, notices);
    }

    /** A filter keeping the chunks that contain {@code name} as a phrase; empty when it has no searchable words. */
    Optional<Query> mention(String name) {
        return Optional.ofNullable(phrase(analyze(sanitize(name).replace('"', ' ')), new LinkedHashSet<>()));
    }

    /**
     * The query's words for embedding: punctuation, quotes, {@code *} and operators left out, and the words and
     * phrases after {@code NOT} too (embedding "pelican roof" for "pelican NOT roof" would look for roofs).
     */
    static String plainWords(String text) {
        String s = sanitize(text == null ? "" : text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text);
        List<Token> tokens = tokens(s);
        List<String> words = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
            if (t.type() == Type.NOT && next != null && (next.type() == Type.WORD || next.type() == Type.PHRASE)) {
                i++;
            } else if (t.type() == Type.WORD || t.type() == Type.PHRASE) {
                words.add(t.text().replace('*', ' ').strip());
            }
        }
        return String.join(" ", words.stream().filter(w -> !w.isEmpty()).toList());
    }

    /** The negated clauses of one AND group, as one query any of which excludes a chunk. */
    private static Query excluded(List<Clause> clauses) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        boolean any = false;
        for (Clause c : clauses) {
            if (c.negated()) {
                b.add(c.query(), Occur.SHOULD);
                any = true;
            }
        }
        return any ? b.build() : new MatchNoDocsQuery();
    }

    private static Query and(List<Clause> clauses) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        boolean positive = false;
        for (Clause c : clauses) {
            b.add(c.query(), c.negated() ? Occur.MUST_NOT : Occur.MUST);
            positive |= !c.negated();
        }
        if (!positive) {
            b.add(new MatchAllDocsQuery(), Occur.MUST);
        }
        return b.build();
    }

    /** One analysed token is a term; several (a phrase, or a word the analyzer splits) must appear in order. */
    private Query phrase(List<String> words, Set<String> terms) {
        if (words.isEmpty()) {
            return null;
        }
        terms.addAll(words);
        if (words.size() == 1) {
            return new TermQuery(new Term(field, words.getFirst()));
        }
        PhraseQuery.Builder p = new PhraseQuery.Builder();
        words.forEach(w -> p.add(new Term(field, w)));
        return p.build();
    }

    private Query prefix(List<String> words, Set<String> terms, Set<String> prefixes) {
        if (words.isEmpty()) {
            return null;
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        for (int i = 0; i < words.size() - 1; i++) {
            terms.add(words.get(i));
            b.add(new TermQuery(new Term(field, words.get(i))), Occur.MUST);
        }
        prefixes.add(words.getLast());
        b.add(new PrefixQuery(new Term(field, words.getLast())), Occur.MUST);
        return words.size() == 1 ? new PrefixQuery(new Term(field, words.getLast())) : b.build();
    }

    private List<String> analyze(String text) {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream(field, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term.toString());
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // analysing a String does no I/O
        }
        return out;
    }

    /** Keeps letters, digits, marks, whitespace, quotes and '*'; drops all quotes when their number is odd. */
    static String sanitize(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            int type = Character.getType(c);
            boolean keep = Character.isLetterOrDigit(c) || c == '"' || c == '\'' || c == '*'
                    || type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                    || type == Character.ENCLOSING_MARK;
            sb.appendCodePoint(keep ? c : ' ');
        });
        String s = sb.toString();
        if (s.chars().filter(c -> c == '"').count() % 2 == 1) {
            s = s.replace('"', ' ');
        }
        return s;
    }

    private static List<Token> tokens(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"') {
                int end = s.indexOf('"', i + 1);
                out.add(new Token(Type.PHRASE, s.substring(i + 1, end), false));
                i = end + 1;
            } else {
                int start = i;
                while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && s.charAt(i) != '"') {
                    i++;
                }
                String word = s.substring(start, i);
                boolean prefix = word.endsWith("*");
                String bare = word.replace("*", " ").strip();
                if (bare.isEmpty()) {
                    continue;
                }
                Type type = switch (bare) {
                    case "OR" -> Type.OR;
                    case "NOT" -> Type.NOT;
                    case "AND" -> Type.AND;
                    default -> Type.WORD;
                };
                out.add(new Token(type, bare, prefix && type == Type.WORD));
            }
        }
        return out;
    }
}
