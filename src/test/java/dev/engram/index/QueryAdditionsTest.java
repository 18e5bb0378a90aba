package dev.engram.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.engram.index.api.SearchHit;
import dev.engram.index.api.SearchMode;
import dev.engram.index.api.SearchQuery;
import dev.engram.index.api.SearchResults;
import dev.engram.journal.AudioTranscript;
import dev.engram.journal.Day;
import dev.engram.journal.Extra;
import dev.engram.journal.Journal;
import dev.engram.journal.SegmentFiles;
import dev.engram.journal.SegmentKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HEAD's query additions: relative dates (fixed clock), NEAR ranking, stream, time bucket and entity filters. */
class QueryAdditionsTest {
    /** Wednesday 15 April 2026, 12:00 UTC. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-04-15T12:00:00Z"), ZoneOffset.UTC);
    @TempDir
    Path tmp;
    private KeywordIndex index;

    @BeforeEach
    void build() throws IOException {
        Journal j = Journal.create(tmp.resolve("journal"), "Tester");
        j.days().writeInsight(Day.of(2026, 4, 14), "notes", "Harbor notes from the dock.");
        j.days().writeInsight(Day.of(2026, 4, 8), "notes", "Harbor review with Ana Lima.");
        j.days().writeInsight(Day.of(2026, 3, 20), "notes", "Harbor plan for spring.");
        j.days().writeInsight(Day.of(2025, 11, 3), "notes", "Harbor in autumn.");
        j.days().writeInsight(Day.of(2026, 4, 1), "far", "kettle one two three four five six seven eight nine ten"
                + " eleven twelve thirteen lantern");
        j.days().writeInsight(Day.of(2026, 4, 2), "near", "kettle lantern " + "filler words about nothing much "
                .repeat(6));
        Day day = Day.of(2026, 4, 10);
        SegmentKey morning = SegmentKey.of(LocalTime.of(9, 0), 300);
        SegmentFiles m = j.days().files(j.days().createSegment(day, morning));
        m.writeAudio(new AudioTranscript("audio.jsonl", AudioTranscript.FORMAT, Extra.empty(),
                List.of(AudioTranscript.Utterance.of("00:00:10", "The otter memo is ready.", "Ana"))));
        Files.writeString(tmp.resolve("journal/20260410/090000_300/stream.json"), "{\"stream\": \"Laptop\"}");
        SegmentFiles n = j.days().files(j.days().createSegment(day, SegmentKey.of(LocalTime.of(22, 0), 300)));
        n.writeAudio(new AudioTranscript("audio.jsonl", AudioTranscript.FORMAT, Extra.empty(),
                List.of(AudioTranscript.Utterance.of("00:00:10", "The otter sleeps at night.", "Ben"))));
        index = KeywordIndex.open(j, w -> { }, new KeywordIndex.Options(new Embeddings(), CLOCK, false));
        index.catchUp(Optional.empty(), false);
    }

    @AfterEach
    void close() {
        index.close();
    }

    private SearchResults search(SearchQuery q) {
        return index.search(q.withPage(50, 0));
    }

    private List<String> days(String q) {
        return search(SearchQuery.of(q)).hits().stream().map(h -> h.day().orElse("-")).toList();
    }

    @Test
    void relativeDatesBecomeADayRangeWithANotice() {
        SearchResults r = search(SearchQuery.of("harbor yesterday"));
        assertThat(r.hits()).extracting(h -> h.day().orElseThrow()).containsExactly("20260414");
        assertThat(r.notices()).contains("read 'yesterday' as 20260414");
        assertThat(days("harbor last week")).containsExactly("20260408"); // Monday 6 to Sunday 12 April
        assertThat(days("Harbor in March")).containsExactly("20260320");
        assertThat(days("harbor in november")).containsExactly("20251103"); // the latest November not after today
        assertThat(days("harbor in November 2025")).containsExactly("20251103");
        assertThat(days("harbor last 10 days")).containsExactlyInAnyOrder("20260414", "20260408");
        assertThat(days("harbor this month")).containsExactlyInAnyOrder("20260414", "20260408");
        assertThat(days("harbor last Tuesday")).containsExactly("20260414");
        assertThat(days("yesterday")).as("only a date: everything that day").containsExactly("20260414");
        // a day filter wins over the phrase's range, the phrase still leaves the words; a quoted phrase is never a date
        SearchResults onDay = search(SearchQuery.of("harbor yesterday").withDay(Day.of(2026, 4, 8)));
        assertThat(onDay.hits()).extracting(h -> h.day().orElseThrow()).containsExactly("20260408");
        assertThat(onDay.notices()).noneMatch(n -> n.startsWith("read "));
        assertThat(search(SearchQuery.of("harbor yesterday").withDay(Day.of(2026, 4, 14))).total()).isEqualTo(1);
        assertThat(search(SearchQuery.of("\"harbor in March\"")).notices()).isEmpty();
        assertThat(days("harbor in may")).as("'may' lower case is a word, not the month").isEmpty();
    }

    @Test
    void aPlainMultiWordQueryRanksNearWordsFirstWithTheSameMatches() {
        List<String> plain = search(SearchQuery.of("kettle lantern")).hits().stream().map(SearchHit::path).toList();
        List<String> and = search(SearchQuery.of("kettle AND lantern")).hits().stream().map(SearchHit::path).toList();
        assertThat(plain).containsExactlyInAnyOrderElementsOf(and).hasSize(2);
        assertThat(and.getFirst()).as("BM25 alone prefers the shorter chunk").isEqualTo("20260401/insights/far.md");
        assertThat(plain.getFirst()).as("NEAR: the words side by side").isEqualTo("20260402/insights/near.md");
    }

    @Test
    void streamTimeBucketAndEntityFilters() {
        SearchQuery otter = SearchQuery.of("otter");
        assertThat(search(otter).total()).isEqualTo(2);
        SearchHit laptop = search(otter.withStream("laptop")).hits().getFirst();
        assertThat(laptop.stream()).contains("laptop");
        assertThat(laptop.timeBucket()).contains("morning");
        assertThat(search(otter.withStream("laptop")).total()).isEqualTo(1);
        assertThat(search(otter.withTimeBucket("Night")).hits()).singleElement()
                .satisfies(h -> assertThat(h.text()).contains("sleeps"));
        assertThat(search(otter.withTimeBucket("evening")).total()).isZero();
        assertThat(search(SearchQuery.of("").withEntity("Ana Lima")).hits()).singleElement()
                .satisfies(h -> assertThat(h.day()).contains("20260408"));
        assertThat(search(SearchQuery.of("").withEntity("!!!")).notices()).anyMatch(n -> n.contains("entity"));
    }

    @Test
    void noInputIsAnInternalErrorInAnyMode() {
        long seed = System.nanoTime();
        System.out.println("QueryAdditionsTest seed " + seed);
        Random r = new Random(seed);
        String alphabet = "ab \"'*()-:^~!?OR NOT AND yesterday in March last 99999 days 東京 Москве 🙂\\/&|";
        for (int i = 0; i < 300; i++) {
            StringBuilder sb = new StringBuilder();
            for (int k = r.nextInt(40); k > 0; k--) {
                sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            String q = sb.toString();
            SearchMode mode = SearchMode.values()[r.nextInt(3)];
            assertThatCode(() -> index.search(SearchQuery.of(q).withMode(mode))).as(q).doesNotThrowAnyException();
        }
        for (String q : List.of("last 9999 days", "in March 0001", "in March 9999", "0 days ago", "last 0 days",
                "9999 days ago", "'yesterday'", "\"yesterday", "NEAR(a b, 10)", "a b c d e f g h i j k l m n")) {
            assertThatCode(() -> index.search(SearchQuery.of(q))).as(q).doesNotThrowAnyException();
        }
    }
}
