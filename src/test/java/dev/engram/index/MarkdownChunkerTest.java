package dev.engram.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The reference's markdown chunking rules (spec §5) on small documents of our own. */
class MarkdownChunkerTest {
    private static List<Chunk> chunks(String md) {
        return MarkdownChunker.chunks(md, Optional.of("09:00:00"));
    }

    @Test
    void paragraphsListItemsTableRowsAndCodeBlocksAreChunksWithTheirHeaderPath() {
        List<Chunk> c = chunks(SmallJournal.FLOW);
        assertThat(c).extracting(Chunk::text).containsExactly(
                "Spent the morning on the quarterly planning deck.",
                "Two meetings shaped the afternoon:\n\n- Standup with the platform team about the zebra migration",
                "Two meetings shaped the afternoon:\n\n- Design review of the harbor dashboard",
                "| Metric | Value |\n| focus hours | 5 |",
                "| Metric | Value |\n| interruptions | 12 |",
                "```\ngit rebase --onto main feature/quokka\n```");
        assertThat(c).extracting(Chunk::header).containsExactly("Work day", "Work day > Meetings",
                "Work day > Meetings", "Work day > Numbers", "Work day > Numbers", "Work day > Numbers");
        assertThat(c).allMatch(ch -> ch.time().equals(Optional.of("09:00:00")));
    }

    @Test
    void aHeaderOfTheSameLevelReplacesTheOldOneInThePath() {
        List<Chunk> c = chunks("# A\n## B\ntext b\n## C\ntext c\n# D\ntext d\n");
        assertThat(c).extracting(Chunk::header).containsExactly("A > B", "A > C", "D");
    }

    @Test
    void aDefinitionListStaysOneChunk() {
        List<Chunk> c = chunks("- **Owner:** Ana\n- **Status:** open\n- **Due:** Friday\n");
        assertThat(c).extracting(Chunk::text)
                .containsExactly("- **Owner:** Ana\n- **Status:** open\n- **Due:** Friday");
        // with periods the items are sentences, not fields: one chunk each
        assertThat(chunks("- **Note:** it rained.\n- **Also:** we left.\n")).hasSize(2);
        assertThat(chunks("- **Only:** one\n")).hasSize(1);
    }

    @Test
    void nestedItemsAndContinuationLinesStayWithTheirItem() {
        List<Chunk> c = chunks("- first\n  more of first\n  - nested under first\n- second\n");
        assertThat(c).extracting(Chunk::text)
                .containsExactly("- first\nmore of first\n- nested under first", "- second");
    }

    @Test
    void anyTextGivesChunksNeverAnError() {
        assertThat(chunks("")).isEmpty();
        assertThat(chunks("```\nunclosed fence\n")).extracting(Chunk::text).containsExactly("```\nunclosed fence");
        assertThat(chunks("| lone | row |\n")).extracting(Chunk::text).containsExactly("| lone | row |");
        assertThat(chunks("Intro before nothing:\n\n-\n")).isNotEmpty();
        assertThat(chunks("\r\nWindows\r\nlines\r\n")).extracting(Chunk::text).containsExactly("Windows\nlines");
    }
}
