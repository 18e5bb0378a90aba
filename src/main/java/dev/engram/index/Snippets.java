package dev.engram.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * Highlighted snippets: the text around the first match, HTML-escaped, with every matching word (a query term, or a
 * word starting with a query prefix, as the analyzer reads it) wrapped in {@code <strong>}. Nothing of the text is
 * ever emitted unescaped. Thread-safe.
 */
final class Snippets {
    static final int WINDOW = 240;
    private static final int BEFORE = 60;

    private Snippets() {
    }

    private record Span(int start, int end) {
    }

    static String html(Analyzer analyzer, String field, String text, Set<String> terms, Set<String> prefixes) {
        List<Span> spans = new ArrayList<>();
        if (!terms.isEmpty() || !prefixes.isEmpty()) {
            try (TokenStream ts = analyzer.tokenStream(field, text)) {
                CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
                OffsetAttribute offset = ts.addAttribute(OffsetAttribute.class);
                ts.reset();
                while (ts.incrementToken()) {
                    String t = term.toString();
                    if (terms.contains(t) || prefixes.stream().anyMatch(t::startsWith)) {
                        spans.add(new Span(offset.startOffset(), offset.endOffset()));
                    }
                }
                ts.end();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        int from = spans.isEmpty() ? 0 : Math.max(0, spans.getFirst().start() - BEFORE);
        if (from > 0) {
            int space = text.indexOf(' ', from);
            from = space >= 0 && space < spans.getFirst().start() ? space + 1 : from;
        }
        int to = Math.min(text.length(), from + WINDOW);
        if (to < text.length()) {
            int space = text.lastIndexOf(' ', to);
            to = space > from + WINDOW / 2 ? space : to;
        }
        StringBuilder sb = new StringBuilder();
        if (from > 0) {
            sb.append('…');
        }
        int at = from;
        for (Span s : spans) {
            if (s.start() < at || s.end() > to) {
                continue;
            }
            escape(text.substring(at, s.start()), sb);
            sb.append("<strong>");
            escape(text.substring(s.start(), s.end()), sb);
            sb.append("</strong>");
            at = s.end();
        }
        escape(text.substring(at, to), sb);
        if (to < text.length()) {
            sb.append('…');
        }
        return sb.toString();
    }

    static void escape(String s, StringBuilder out) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
    }
}
