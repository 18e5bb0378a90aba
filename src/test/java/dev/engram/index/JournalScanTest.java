package dev.engram.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal walk of a catch-up: it decides whether a day folder's file is indexed once per file name
 * ({@link JournalScan}'s day folders), which is right only while every rule matches a day's and a segment's digits as
 * digits; and the files it reports are exactly those the rules index, odd names included.
 */
class JournalScanTest {
    /** What a rule may use for the day's and segment's digits: any other digit in a pattern could tell days apart. */
    private static final Pattern DIGIT_CLASSES = Pattern.compile("\\\\d(\\{\\d+(,\\d+)?\\}|\\+|\\*)?");

    @Test
    void noRuleTellsOneDayOrSegmentFromAnotherByItsDigits() {
        for (Formatters.Rule r : rules(Formatters.standard())) {
            if (Character.isLetter(r.pattern().pattern().charAt(0))) {
                continue; // facets/, imports/, apps/, agents/: never a day folder's file
            }
            String rest = DIGIT_CLASSES.matcher(r.pattern().pattern()).replaceAll("");
            assertThat(rest).as("rule %s: %s (JournalScan decides per file name in day folders)", r.name(),
                    r.pattern().pattern()).doesNotContainPattern("[0-9]");
        }
    }

    /** The registry's rules (private to it: read here so this check needs nothing added to Formatters). */
    @SuppressWarnings("unchecked")
    private static List<Formatters.Rule> rules(Formatters f) {
        try {
            java.lang.reflect.Field rules = Formatters.class.getDeclaredField("rules");
            rules.setAccessible(true);
            List<Formatters.Rule> out = (List<Formatters.Rule>) rules.get(f);
            assertThat(out).isNotEmpty();
            return out;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("Formatters#rules (the rule list) is gone: update this check", e);
        }
    }

    @Test
    void theWalkFindsExactlyTheFilesTheRulesIndex(@TempDir Path root) throws IOException {
        List<String> names = List.of("audio.jsonl", "x_audio.jsonl", "screen.jsonl", "tmux_screen.jsonl", "talk.md",
                ".hidden.md", "audio.json", "stream.json", "notes.txt", "é.md");
        List<String> all = new ArrayList<>();
        for (String folder : List.of("20260301/090000_300", "20260301/234567_300", "20260302/101010_60",
                "20260301/insights", "20260302/insights")) {
            Files.createDirectories(root.resolve(folder));
            for (String n : names) {
                Files.writeString(root.resolve(folder).resolve(n), "x");
                all.add(folder + "/" + n);
            }
        }
        Files.createDirectories(root.resolve("20260301/notasegment"));
        Files.writeString(root.resolve("20260301/notasegment/audio.jsonl"), "x");
        Formatters rules = Formatters.standard();
        JournalScan scan = new JournalScan(root, rules, w -> { });
        TreeSet<String> found = new TreeSet<>();
        for (JournalScan.Visitor v : scan.walk(Optional.empty(), () -> new JournalScan.Visitor() {
            @Override
            public void file(String path, long size, long mtime) {
                synchronized (found) {
                    found.add(path);
                }
            }
        })) {
            assertThat(v).isNotNull();
        }
        TreeSet<String> expected = new TreeSet<>();
        try (Stream<String> s = all.stream()) {
            s.filter(rules::indexed).forEach(expected::add);
        }
        assertThat(found).isEqualTo(expected).contains("20260301/234567_300/x_audio.jsonl",
                "20260302/insights/talk.md").doesNotContain("20260301/090000_300/.hidden.md");
    }
}
