package dev.engram.cli;

import dev.engram.boot.JournalAnnouncer;
import dev.engram.callosum.CallosumClient;
import dev.engram.journal.Journal;
import dev.engram.cortex.outbound.OutboundHttp;
import dev.engram.observe.api.ImportException;
import dev.engram.observe.api.ImportOptions;
import dev.engram.observe.api.ImportResult;
import dev.engram.observe.imports.Importer;
import dev.engram.observe.sense.OpenAiTranscriber;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "import", description = "Import a transcript (.txt, .md: lines like '[10:03] Name: text' become"
        + " segments), a document (.pdf), a calendar (.ics: events into --facet), or audio and video (.flac .m4a .mp3"
        + " .wav .ogg .opus .webm .mp4 .mov: transcribed in 5-minute segments) into the journal. Importing the"
        + " same file again adds nothing.")
final class ImportCommand implements Callable<Integer> {
    /** Failures of the import itself or of what it needs (exit 1); other refusals are the input's (exit 2). */
    private static final java.util.Set<String> FAILURES = java.util.Set.of("import_failed", "not_configured",
            "tool_missing", "tool_failed", "timeout", "interrupted", "already_importing");
    @CommandLine.Mixin
    JournalOption journalOption;

    @CommandLine.Mixin
    SocketOption socketOption;

    @CommandLine.Parameters(paramLabel = "FILE", description = "The file to import.")
    Path file;

    @CommandLine.Option(names = "--timestamp", paramLabel = "YYYYMMDD_HHMMSS",
            description = "When the content starts (default: the file's modification time).")
    String timestamp;

    @CommandLine.Option(names = "--facet", paramLabel = "F", description = "The facet it belongs to (required for"
            + " .ics).")
    String facet;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Optional<LocalDateTime> at = Optional.ofNullable(timestamp).map(ImportCommand::parseStamp);
        if (!Files.exists(file)) {
            throw new UsageException("no such file: " + file);
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new UsageException("cannot read " + file + ": not a readable regular file");
        }
        Journal journal = journalOption.open();
        Path socket = socketOption.client(journal.root());
        AtomicBoolean busMissing = new AtomicBoolean();
        PrintWriter out = spec.commandLine().getOut();
        Importer importer = Importer.withMedia(journal, m -> {
            boolean sent = CallosumClient.send(socket, m);
            busMissing.compareAndSet(false, !sent);
            return sent;
        }, OpenAiTranscriber.forJournal(journal, new OutboundHttp(journal)));
        ImportOptions options = new ImportOptions(file.getFileName().toString(), at, Optional.ofNullable(facet),
                Optional.of(Files.getLastModifiedTime(file).toInstant()));
        ImportResult r;
        // what the import writes (summary, events, segments) is announced as journal.changed to a running Engram
        try (importer; var announcer = JournalAnnouncer.start(journal, socket)) {
            importer.check(options);
            try (InputStream in = Files.newInputStream(file)) {
                r = importer.importFile(in, options, (id, done, total) -> {
                    out.println("transcribed " + done + " of " + total + " windows of " + file.getFileName());
                    out.flush();
                });
            }
        } catch (ImportException e) {
            if (FAILURES.contains(e.reasonCode())) {
                throw e;
            }
            boolean facet = e.reasonCode().equals("facet_required") || e.reasonCode().equals("unknown_facet");
            throw new UsageException(e.getMessage() + (facet ? " (--facet NAME)" : ""));
        } catch (dev.engram.journal.InvalidNameException e) { // e.g. --facet ../x: the input's mistake
            throw new UsageException(e.getMessage());
        }
        if (r.status().equals("duplicate")) {
            out.println("already imported as " + r.id() + " (same content): nothing added");
            r.notes().stream().skip(1).forEach(n -> out.println("note: " + n)); // the first one says the above
            return 0;
        }
        out.println("imported " + file.getFileName() + " as " + r.id() + " (" + r.kind() + "): "
                + plural(r.segments().size(), "segment") + (r.events() > 0 || r.kind().equals("calendar")
                ? ", " + plural(r.events(), "event") + " in facet " + facet : ""));
        for (String s : r.segments()) {
            out.println("  " + s);
        }
        for (String n : r.notes()) {
            out.println("note: " + n);
        }
        if (busMissing.get() && !r.segments().isEmpty()) {
            out.println("note: no Engram bus at " + socket + ": the segments are written; they are processed"
                    + " when Engram runs");
        }
        return 0;
    }

    private static LocalDateTime parseStamp(String s) {
        try {
            return ImportOptions.parseTimestamp(s);
        } catch (ImportException e) {
            throw new UsageException(e.getMessage().replaceFirst("^invalid timestamp", "invalid --timestamp"));
        }
    }

    private static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
