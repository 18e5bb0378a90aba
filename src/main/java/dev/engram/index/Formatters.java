package dev.engram.index;

import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The formatter registry: which journal files are indexed and how each becomes chunks. The first rule whose pattern
 * matches the journal-relative path wins (as in the reference, spec §5). Immutable and thread-safe.
 */
final class Formatters {
    /** Turns one journal file into chunks, reading it through the journal API; throws when it cannot be read. */
    @FunctionalInterface
    interface Formatter {
        Formatted format(Journal journal, Source source);
    }

    /** A file's chunks, the topic they are filed under (lowercase), and their day when the path does not say. */
    record Formatted(String topic, List<Chunk> chunks, Optional<Day> day) {
        Formatted(String topic, List<Chunk> chunks) {
            this(topic, chunks, Optional.empty());
        }
    }

    record Rule(String name, Pattern pattern, Formatter formatter) {
    }

    private static final String DAY = "\\d{8}";
    private static final String SEG = "\\d{6}_\\d+";
    private static final String FACET = "facets/[^/]+";

    private final List<Rule> rules;
    /**
     * The rules that can match a path starting with a digit (a day folder's files) and the others: a catch-up asks for
     * every file of the journal, and trying the facet, import, app and agent patterns on 120,000 segment files first
     * was half of the scan's matching. Each keeps the registry's order, so the first matching rule still wins.
     */
    private final List<Rule> dayRules;
    private final List<Rule> otherRules;

    Formatters(List<Rule> rules) {
        this.rules = List.copyOf(rules);
        // a pattern starting with a letter cannot match a digit, one starting with DAY only a digit
        this.dayRules = this.rules.stream().filter(r -> !startsWithLetter(r.pattern().pattern())).toList();
        this.otherRules = this.rules.stream().filter(r -> !r.pattern().pattern().startsWith(DAY)).toList();
    }

    private static boolean startsWithLetter(String regex) {
        return !regex.isEmpty() && regex.charAt(0) >= 'a' && regex.charAt(0) <= 'z';
    }

    /** The formatters of every journal file Engram indexes today. */
    static Formatters standard() {
        return new Formatters(List.of(
                new Rule("entities-attached", Pattern.compile(FACET + "/entities\\.jsonl"), FileFormats::attachedEntities),
                new Rule("entities-detected", Pattern.compile(FACET + "/entities/" + DAY + "\\.jsonl"),
                        FileFormats::detectedEntities),
                new Rule("events", Pattern.compile(FACET + "/events/" + DAY + "\\.jsonl"), FileFormats::events),
                new Rule("todos", Pattern.compile(FACET + "/todos/" + DAY + "\\.jsonl"), FileFormats::todos),
                new Rule("news", Pattern.compile(FACET + "/news/" + DAY + "\\.md"), FileFormats::news),
                new Rule("facet-log", Pattern.compile(FACET + "/logs/" + DAY + "\\.jsonl"), MoreFormats::facetLog),
                new Rule("import-summary", Pattern.compile("imports/[^/.][^/]*/summary\\.md"),
                        MoreFormats::importSummary),
                new Rule("app-insight", Pattern.compile("apps/[a-z0-9][a-z0-9_-]*/insights/[^/.][^/]*\\.md"),
                        MoreFormats::appInsight),
                new Rule("agent-run", Pattern.compile("agents/[^/.][^/]*(?<!_active)\\.jsonl"), MoreFormats::agentRun),
                new Rule("screen", Pattern.compile(DAY + "/" + SEG + "/(?:[^/]*_)?screen\\.jsonl"), FileFormats::screen),
                new Rule("audio", Pattern.compile(DAY + "/" + SEG + "/(?:[^/]*_)?audio\\.jsonl"), FileFormats::audio),
                new Rule("segment-markdown", Pattern.compile(DAY + "/" + SEG + "/[^/.][^/]*\\.md"),
                        FileFormats::segmentMarkdown),
                new Rule("insight", Pattern.compile(DAY + "/insights/[^/.][^/]*\\.md"), FileFormats::dayInsight)));
    }

    /** The rule for a journal-relative path, if the file is indexed. */
    Optional<Rule> rule(String path) {
        boolean digit = !path.isEmpty() && path.charAt(0) >= '0' && path.charAt(0) <= '9';
        for (Rule r : digit ? dayRules : otherRules) {
            if (r.pattern().matcher(path).matches()) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    boolean indexed(String path) {
        return rule(path).isPresent();
    }
}
