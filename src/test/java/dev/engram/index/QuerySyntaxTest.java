package dev.engram.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.engram.index.api.SearchHit;
import dev.engram.index.api.SearchQuery;
import dev.engram.index.api.SearchResults;
import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reference's query language on a real index, and user input that must never produce an internal error. */
class QuerySyntaxTest {
    private static final Day DAY = Day.of(2026, 4, 1);
    @TempDir
    Path tmp;
    private KeywordIndex index;

    @BeforeEach
    void build() {
        Journal j = Journal.create(tmp.resolve("journal"), "Tester");
        j.days().writeInsight(DAY, "notes", """
                Alpha beta gamma.

                Alpha delta.

                Beta epsilon.

                Don't forget the O'Brien file & the <script>alert(1)</script> test.

                東京で会議がありました。

                Встреча с командой в Москве.

                Сongratulations on the zeta-function talk.

                The meeting about meetings was long.
                """);
        index = KeywordIndex.open(j, w -> { });
        index.catchUp(Optional.empty(), false);
    }

    @AfterEach
    void close() {
        index.close();
    }

    private List<String> texts(String q) {
        return index.search(SearchQuery.of(q).withPage(50, 0)).hits().stream().map(SearchHit::text).toList();
    }

    private long total(String q) {
        return index.search(SearchQuery.of(q)).total();
    }

    @Test
    void wordsAreAndedOrAndNotWork() {
        assertThat(texts("alpha beta")).containsExactly("Alpha beta gamma.");
        assertThat(texts("gamma OR epsilon")).containsExactlyInAnyOrder("Alpha beta gamma.", "Beta epsilon.");
        assertThat(texts("alpha NOT beta")).containsExactly("Alpha delta.");
        assertThat(texts("NOT alpha beta")).containsExactly("Beta epsilon.");
        assertThat(texts("alpha AND delta")).containsExactly("Alpha delta.");
        // AND binds tighter than OR: (alpha delta) OR epsilon
        assertThat(texts("alpha delta OR epsilon")).containsExactlyInAnyOrder("Alpha delta.", "Beta epsilon.");
        assertThat(total("")).isEqualTo(8); // an empty query matches everything
    }

    @Test
    void phrasesAndPrefixes() {
        assertThat(texts("\"alpha beta\"")).containsExactly("Alpha beta gamma.");
        assertThat(texts("\"beta alpha\"")).isEmpty();
        assertThat(texts("eps*")).containsExactly("Beta epsilon.");
        assertThat(texts("meet*")).containsExactly("The meeting about meetings was long.");
        assertThat(texts("zeta-function")).hasSize(1); // split by the analyzer, searched as a phrase
    }

    @Test
    void apostrophesQuotesAndLoneOperatorsAreSearchedAsPlainWords() {
        assertThat(texts("don't")).hasSize(1);
        assertThat(texts("O'Brien")).hasSize(1);
        assertThat(texts("'")).isEmpty();
        assertThat(texts("\"alpha")).hasSize(2); // odd quote count: quotes dropped
        for (String q : List.of("OR", "NOT", "AND", "OR OR", "NOT NOT", "alpha OR", "OR alpha", "NOT", "*", "**",
                "\"\"", "\" \"", "alpha NOT", "(", ")", "alpha)(", "a:b", "title:alpha", "alpha^2", "~", "-",
                "+alpha", "\\", "[x TO y]", "{", "/regex/", "&&", "||", "!")) {
            assertThatCode(() -> index.search(SearchQuery.of(q))).as(q).doesNotThrowAnyException();
        }
        assertThat(texts("alpha OR")).isEmpty(); // a trailing OR is the word "or", which no chunk has
        assertThat(texts("OR delta")).isEmpty();
        assertThat(index.search(SearchQuery.of("!!!")).notices()).anyMatch(n -> n.contains("nothing searchable"));
    }

    @Test
    void veryLongQueriesAreCutAndSaySo() {
        long seed = System.nanoTime();
        System.out.println("QuerySyntaxTest seed " + seed);
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            sb.append((char) ('a' + r.nextInt(26))).append(r.nextInt(4) == 0 ? "* " : r.nextInt(9) == 0 ? " OR " : "");
        }
        SearchResults res = index.search(SearchQuery.of(sb.toString()));
        assertThat(res.notices()).isNotEmpty();
        assertThat(index.search(SearchQuery.of("alpha ".repeat(500))).total()).isEqualTo(2);
        assertThat(index.search(SearchQuery.of("x".repeat(100_000))).total()).isZero();
    }

    @Test
    void nonLatinScriptsAreSearchable() {
        assertThat(texts("Москве")).hasSize(1);
        assertThat(texts("командой встреча")).hasSize(1);
        assertThat(texts("東京")).hasSize(1);
        assertThat(texts("会議")).hasSize(1);
        assertThat(texts("🙂 東京")).hasSize(1); // the emoji is dropped like other symbols
    }

    @Test
    void snippetsAreEscapedHtmlWithMatchesInStrong() {
        SearchHit h = index.search(SearchQuery.of("script o'brien")).hits().getFirst();
        assertThat(h.snippet()).contains("&lt;<strong>script</strong>&gt;alert(1)&lt;/<strong>script</strong>&gt;")
                .contains("<strong>O&#39;Brien</strong>").contains("&amp;").doesNotContain("<script>");
        assertThat(index.search(SearchQuery.of("meet*")).hits().getFirst().snippet())
                .isEqualTo("The <strong>meeting</strong> about <strong>meetings</strong> was long.");
    }
}
