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

    Formatters(List<Rule> rules) {
        this.rules = List.copyOf(rules);
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
        for (Rule r : rules) {
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
