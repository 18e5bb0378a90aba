package dev.engram.index;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The manifest's one-pass load: entries put before the first read (an index being opened) are sorted and built at
 * once, with the same answers as puts one by one: the later of two puts of a path wins, folders are ranges.
 */
class ManifestTest {
    private static Manifest.Entry entry(int chunks) {
        return new Manifest.Entry(10, 20, "h" + chunks, chunks);
    }

    @Test
    void entriesPutBeforeTheFirstReadAnswerLikeEntriesPutOneByOne() {
        Manifest m = new Manifest();
        m.put("20260302/140000_300/audio.jsonl", entry(1));
        m.put("20260301/insights/flow.md", entry(2));
        m.put("20260302/140000_300/screen.jsonl", entry(3));
        m.put("20260302/140000_300/audio.jsonl", entry(4)); // put again while loading: this one counts
        m.put("facets/work/todos/20260302.jsonl", entry(5));
        assertThat(m.size()).isEqualTo(4);
        assertThat(m.get("20260302/140000_300/audio.jsonl")).contains(entry(4));
        assertThat(m.all().keySet()).containsExactly("20260301/insights/flow.md", "20260302/140000_300/audio.jsonl",
                "20260302/140000_300/screen.jsonl", "facets/work/todos/20260302.jsonl");
        assertThat(m.under("20260302/140000_300/")).containsExactly("20260302/140000_300/audio.jsonl",
                "20260302/140000_300/screen.jsonl");

        m.put("20260302/140000_300/notes.md", entry(6)); // after the first read: straight into the sorted map
        m.remove("20260302/140000_300/screen.jsonl");
        assertThat(m.under("20260302/140000_300/")).containsExactly("20260302/140000_300/audio.jsonl",
                "20260302/140000_300/notes.md");
        m.clear();
        assertThat(m.size()).isZero();
    }
}
