package dev.engram.cli;

import dev.engram.index.IndexReader;
import dev.engram.index.api.SearchHit;
import dev.engram.index.api.SearchMode;
import dev.engram.index.api.SearchQuery;
import dev.engram.index.api.SearchResults;
import dev.engram.journal.Day;
import dev.engram.journal.InvalidNameException;
import dev.engram.journal.Names;
import dev.engram.journal.Stream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

@Command(name = "search", description = "Search the journal's index. Words are ANDed; OR, NOT, \"phrases\" and prefix*"
        + " work as in the reference; anything else is searched as plain words. Prints counts by facet, topic and"
        + " day, then the hits with highlighted snippets and the segment they open.")
final class SearchCommand implements Callable<Integer> {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @CommandLine.Mixin
    JournalOption journalOption;

    @CommandLine.Parameters(paramLabel = "QUERY", arity = "1..*", description = "The query (several words are joined).")
    String[] query;

    @CommandLine.Option(names = "--facet", paramLabel = "F", description = "Only this facet.")
    String facet;

    @CommandLine.Option(names = "--topic", paramLabel = "T", description = "Only this topic (flow, audio, todo, ...).")
    String topic;

    @CommandLine.Option(names = "--day", paramLabel = "YYYYMMDD", description = "Only this day.")
    String day;

    @CommandLine.Option(names = "--from", paramLabel = "YYYYMMDD", description = "From this day (inclusive).")
    String from;

    @CommandLine.Option(names = "--to", paramLabel = "YYYYMMDD", description = "To this day (inclusive).")
    String to;

    @CommandLine.Option(names = "--limit", paramLabel = "N", defaultValue = "10", description = "Hits to show (1-"
            + SearchQuery.MAX_LIMIT + ", default 10).")
    int limit;

    @CommandLine.Option(names = "--offset", paramLabel = "N", defaultValue = "0", description = "Hits to skip.")
    int offset;

    @CommandLine.Option(names = "--mode", paramLabel = "MODE", description = "keyword, semantic or hybrid (default:"
            + " hybrid where the index holds vectors, keyword otherwise).")
    String mode;

    @CommandLine.Option(names = "--stream", paramLabel = "S", description = "Only this capture stream.")
    String stream;

    @CommandLine.Option(names = "--time-bucket", paramLabel = "B", description = "Only morning, afternoon, evening"
            + " or night.")
    String timeBucket;

    @CommandLine.Option(names = "--entity", paramLabel = "NAME", description = "Only chunks mentioning this entity.")
    String entity;

    @CommandLine.Option(names = "--json", description = "Print one JSON object {total, counts, results, notices}.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (day != null && (from != null || to != null)) {
            throw new UsageException("--day cannot be combined with --from/--to");
        }
        checkNames();
        SearchQuery q;
        try {
            q = SearchQuery.of(String.join(" ", query)).withFacet(facet).withTopic(topic).withPage(limit, offset)
                    .withMode(mode == null ? null : SearchMode.parse(mode)).withStream(stream).withEntity(entity)
                    .withTimeBucket(bucket(timeBucket));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (day != null) {
            q = q.withDay(IndexCommand.day(day));
        } else if (from != null || to != null) {
            Day f = from == null ? null : IndexCommand.day(from);
            Day t = to == null ? null : IndexCommand.day(to);
            if (f != null && t != null && f.compareTo(t) > 0) {
                throw new UsageException("--from " + from + " is after --to " + to);
            }
            q = q.withRange(f, t);
        }
        SearchResults r;
        try (IndexReader index = IndexReader.open(journalOption.open())) {
            r = index.search(q);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(JSON.writeValueAsString(toJson(r, q)));
        } else {
            print(out, r, q);
        }
        return 0;
    }

    /** The facet and stream checks of the search app's HTTP API (400 invalid_facet, invalid_stream). */
    private void checkNames() {
        if (facet != null) {
            try {
                Names.facet(facet);
            } catch (InvalidNameException e) {
                throw new UsageException(e.getMessage());
            }
        }
        if (stream != null && !Stream.valid(stream.toLowerCase(java.util.Locale.ROOT))) {
            throw new UsageException("invalid --stream '" + stream + "': a letter or digit, then letters, digits and"
                    + " . _ - (at most 64), e.g. laptop");
        }
    }

    private static String bucket(String b) {
        if (b != null && !java.util.Set.of("morning", "afternoon", "evening", "night").contains(
                b.toLowerCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException("--time-bucket must be morning, afternoon, evening or night, not '" + b
                    + "'");
        }
        return b;
    }

    private static ObjectNode toJson(SearchResults r, SearchQuery q) {
        ObjectNode o = JSON.createObjectNode();
        o.put("total", r.total());
        o.put("limit", q.limit());
        o.put("offset", q.offset());
        o.put("mode", r.mode().wireName());
        ObjectNode counts = o.putObject("counts");
        counts(counts.putObject("facets"), r.facets());
        counts(counts.putObject("topics"), r.topics());
        counts(counts.putObject("days"), r.days());
        ArrayNode results = o.putArray("results");
        for (SearchHit h : r.hits()) {
            ObjectNode n = results.addObject();
            n.put("id", h.id());
            n.put("day", h.day().orElse(null));
            n.put("segment", h.segment().orElse(null));
            n.put("time", h.time().orElse(null));
            n.put("facet", h.facet().orElse(null));
            n.put("stream", h.stream().orElse(null));
            n.put("time_bucket", h.timeBucket().orElse(null));
            n.put("topic", h.topic());
            n.put("path", h.path());
            n.put("idx", h.ordinal());
            n.put("header", h.header());
            n.put("text", h.text());
            n.put("snippet", h.snippet());
            n.put("score", h.score());
        }
        ArrayNode notices = o.putArray("notices");
        r.notices().forEach(notices::add);
        return o;
    }

    private static void counts(ObjectNode into, Map<String, Long> m) {
        m.forEach(into::put);
    }

    private static void print(PrintWriter out, SearchResults r, SearchQuery q) {
        r.notices().forEach(n -> out.println("Note: " + n));
        out.println(r.total() + " result(s), " + r.mode().wireName() + " search");
        line(out, "Facets", r.facets());
        line(out, "Topics", r.topics());
        line(out, "Days", r.days());
        if (r.hits().isEmpty()) {
            return;
        }
        out.printf("Showing %d-%d of %d%n", q.offset() + 1, q.offset() + r.hits().size(), r.total());
        int i = q.offset();
        for (SearchHit h : r.hits()) {
            i++;
            String where = h.day().orElse("-") + h.time().map(t -> " " + t).orElse("")
                    + h.facet().map(f -> " [" + f + "]").orElse("") + " " + h.topic();
            out.printf("%d. %s  %s:%d%n   %s%n", i, where, h.path(), h.ordinal(), plain(h.snippet()));
        }
    }

    private static void line(PrintWriter out, String label, Map<String, Long> m) {
        if (!m.isEmpty()) {
            StringBuilder sb = new StringBuilder(label).append(':');
            m.entrySet().stream().limit(12).forEach(e -> sb.append(' ').append(e.getKey()).append('=')
                    .append(e.getValue()));
            if (m.size() > 12) {
                sb.append(" (+").append(m.size() - 12).append(" more)");
            }
            out.println(sb);
        }
    }

    /** The HTML snippet for a terminal: matches as *word*, entities decoded, on one line. */
    static String plain(String html) {
        return html.replace("<strong>", "*").replace("</strong>", "*").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&").replaceAll("\\s+", " ");
    }
}
