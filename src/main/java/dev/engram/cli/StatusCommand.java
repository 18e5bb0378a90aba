package dev.engram.cli;

import dev.engram.callosum.BusStatus;
import dev.engram.journal.Day;
import dev.engram.journal.InvalidNameException;
import dev.engram.journal.Journal;
import dev.engram.journal.JournalException;
import dev.engram.journal.JournalFolder;
import dev.engram.journal.JournalSummary;
import dev.engram.journal.Segment;
import dev.engram.journal.Warning;
import dev.engram.observe.ingest.IngestService;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

@Command(name = "status", description = "Show what the journal holds: days, segments, facets, entities, todos, events,"
        + " tokens, size on disk, and warnings about legacy or broken content; whether the bus and Engram run, and"
        + " the health of Engram's services.")
final class StatusCommand implements Callable<Integer> {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @CommandLine.Mixin
    JournalOption journalOption;

    @CommandLine.Mixin
    SocketOption socketOption;

    @CommandLine.Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @CommandLine.Option(names = "--force", description = "Scan the folder even if it does not look like a journal.")
    boolean force;

    @CommandLine.Option(names = "--day", paramLabel = "YYYYMMDD", description = "Also list this day's segments.")
    String day;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Day selected = null;
        if (day != null) {
            try {
                selected = Day.parse(day);
            } catch (InvalidNameException e) {
                throw new UsageException(e.getMessage());
            }
        }
        Path root = journalOption.location().root();
        if (!force && Files.isDirectory(root) && JournalFolder.classify(root) == JournalFolder.Kind.FOREIGN) {
            throw new JournalException("not a journal: " + root + " holds files that are not part of a journal;"
                    + " point --journal at a journal, or pass --force to scan it anyway");
        }
        Journal opened = journalOption.open();
        opened.healthFile("engram.json"); // refuses a health/ that leaves the journal through a symbolic link
        JournalSummary s = JournalSummary.scan(opened);
        Journal journal = opened.withWarnings(w -> { }); // the scan above already reported every warning
        PrintWriter out = spec.commandLine().getOut();
        List<String> solstoneKeys = IngestService.solstoneKeyFiles(journal);
        BusStatus bus = BusStatus.probe(socketOption.client(s.root()), BusStatus.statsFileFor(s.root()));
        if (json) {
            ObjectNode o = toJson(s);
            ArrayNode keyFiles = o.putArray("solstone_key_files");
            solstoneKeys.forEach(keyFiles::add);
            o.set("bus", BusSection.toJson(bus));
            o.set("engram", HealthSection.toJson(s.root(), System.currentTimeMillis()));
            if (selected != null) {
                ArrayNode segs = o.putArray("day_segments");
                journal.days().segments(selected).forEach(seg -> segs.add(seg.key().key()));
            }
            out.println(JSON.writeValueAsString(o));
        } else {
            printText(out, s);
            if (!solstoneKeys.isEmpty()) {
                out.println();
                out.println("Observers: " + solstoneKeys.size() + " solstone record(s) keep an observer's key in plain"
                        + " text (Engram takes those observers at start, keeping only a hash): remove them when"
                        + " solstone no longer runs on this journal");
                solstoneKeys.forEach(f -> out.println("  " + f));
            }
            BusSection.print(out, bus);
            HealthSection.print(out, s.root(), System.currentTimeMillis());
            if (selected != null) {
                out.println();
                out.println("Segments of " + selected.key() + ":");
                for (Segment seg : journal.days().segments(selected)) {
                    out.printf("  %s  %s - %s  %s%n", seg.key().key(), seg.start().toLocalTime(),
                            seg.end().toLocalTime(), String.join(" ", journal.days().files(seg).names()));
                }
            }
        }
        return 0;
    }

    static ObjectNode toJson(JournalSummary s) {
        ObjectNode o = JSON.createObjectNode();
        o.put("journal", s.root().toString());
        o.put("days", s.days());
        o.put("segments", s.segments());
        o.put("facets", s.facets().size());
        ArrayNode facets = o.putArray("facet_list");
        s.facets().forEach(f -> facets.addObject().put("name", f.name()).put("title", f.title()).put("muted", f.muted()));
        o.put("entities", s.entities());
        o.put("todos", s.todos());
        o.put("todos_open", s.todosOpen());
        o.put("todos_done", s.todosDone());
        o.put("todos_cancelled", s.todosCancelled());
        o.put("events", s.events());
        o.putObject("tokens").put("input", s.inputTokens()).put("output", s.outputTokens()).put("total", s.totalTokens());
        o.put("bytes", s.bytes());
        o.put("files", s.files());
        ArrayNode w = o.putArray("warnings");
        s.warnings().forEach(x -> w.add(x.toString()));
        o.put("warning_count", s.warningCount());
        return o;
    }

    private static void printText(PrintWriter out, JournalSummary s) {
        out.println("Journal  " + s.root());
        out.printf("  days      %d%n", s.days());
        out.printf("  segments  %d%n", s.segments());
        out.printf("  facets    %d%s%n", s.facets().size(), s.facets().isEmpty() ? "" : "  " + String.join(", ",
                s.facets().stream().map(f -> f.title().equals(f.name()) ? f.name() : f.name() + " (" + f.title() + ")")
                        .toList()));
        out.printf("  entities  %d attached%n", s.entities());
        out.printf("  todos     %d (%d open, %d done, %d cancelled)%n", s.todos(), s.todosOpen(), s.todosDone(),
                s.todosCancelled());
        out.printf("  events    %d%n", s.events());
        out.printf("  tokens    %,d in, %,d out, %,d total%n", s.inputTokens(), s.outputTokens(), s.totalTokens());
        out.printf("  size      %s in %,d files%n", humanBytes(s.bytes()), s.files());
        if (s.warningCount() > 0) {
            out.println();
            out.println("Warnings (" + s.warningCount() + "; legacy or broken content was skipped, nothing changed):");
            for (Warning w : s.warnings()) {
                out.println("  " + w);
            }
            if (s.warningCount() > s.warnings().size()) {
                out.println("  ... and " + (s.warningCount() - s.warnings().size()) + " more");
            }
        }
    }

    static String humanBytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int i = -1;
        do {
            v /= 1024;
            i++;
        } while (v >= 1024 && i < units.length - 1);
        return String.format(Locale.ROOT, "%.1f %s", v, units[i]);
    }
}
