package dev.engram.index;

import dev.engram.journal.ActionLogEntry;
import dev.engram.journal.AgentEvent;
import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The formatters of the sources beyond captures and facets' records (spec §5): facet action logs, import summaries,
 * apps' insights and agent runs (which the reference formats but never scans; Engram indexes completed runs).
 */
final class MoreFormats {
    /** Import summaries larger than this are refused (a named skip), not read. */
    static final long MAX_SUMMARY_BYTES = 4L * 1024 * 1024;
    private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss");

    private MoreFormats() {
    }

    /** {@code facets/<f>/logs/YYYYMMDD.jsonl}: one chunk per action, {@code actor action params}. */
    static Formatters.Formatted facetLog(Journal journal, Source src) {
        List<Chunk> out = new ArrayList<>();
        for (ActionLogEntry a : journal.facetStore(src.facetFolder()).logs(src.day().orElseThrow())) {
            StringBuilder sb = new StringBuilder();
            sb.append(a.actor()).append(' ').append(a.action());
            if (!a.params().isEmpty()) {
                sb.append(' ').append(a.params());
            }
            out.add(new Chunk(sb.toString().strip(), "", clock(a.timestamp())));
        }
        return new Formatters.Formatted("action", out);
    }

    /** {@code imports/<YYYYMMDD_HHMMSS>/summary.md}: markdown, topic {@code import}. */
    static Formatters.Formatted importSummary(Journal journal, Source src) {
        Path file = journal.root().resolve(src.path());
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalStateException("not a regular file");
            }
            if (Files.size(file) > MAX_SUMMARY_BYTES) {
                throw new IllegalStateException("larger than " + MAX_SUMMARY_BYTES + " bytes");
            }
            String md = Files.readString(file, StandardCharsets.UTF_8);
            return new Formatters.Formatted("import", MarkdownChunker.chunks(md, Optional.empty()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code apps/<app>/insights/<name>.md}: markdown, topic {@code <app>:<name>}. */
    static Formatters.Formatted appInsight(Journal journal, Source src) {
        String app = src.parts()[1];
        String md = journal.readAppFile(app, "insights", src.fileName()).orElse("");
        return new Formatters.Formatted((app + ":" + src.baseName()).toLowerCase(Locale.ROOT),
                MarkdownChunker.chunks(md, Optional.empty()));
    }

    /**
     * {@code agents/<id>.jsonl} (completed runs): one chunk per request prompt, final result and error, timed by the
     * event; the run's day is that of its first timed event (local time).
     */
    static Formatters.Formatted agentRun(Journal journal, Source src) {
        List<Chunk> out = new ArrayList<>();
        Optional<Day> day = Optional.empty();
        for (AgentEvent e : journal.agents().read(src.baseName()).map(r -> r.events()).orElse(List.of())) {
            Optional<LocalDateTime> at = e.ts().isPresent()
                    ? Optional.of(LocalDateTime.ofInstant(Instant.ofEpochMilli(e.ts().getAsLong()), ZoneId.systemDefault()))
                    : Optional.empty();
            if (day.isEmpty() && at.isPresent() && at.get().getYear() >= Day.MIN_YEAR
                    && at.get().getYear() <= Day.MAX_YEAR) {
                LocalDateTime t = at.get();
                day = Optional.of(Day.of(t.getYear(), t.getMonthValue(), t.getDayOfMonth()));
            }
            String field = switch (e.event()) {
                case "request", "start" -> "prompt";
                case "finish" -> "result";
                case "error" -> "error";
                default -> null;
            };
            Optional<String> text = field == null ? Optional.empty() : e.fields().string(field);
            if (text.isPresent() && !text.get().isBlank()) {
                String label = e.event().equals("error") ? "Error: " : e.event().equals("finish") ? "" : "Asked: ";
                out.add(new Chunk(label + text.get().strip(), "", at.map(HMS::format)));
            }
        }
        if (!out.isEmpty() && out.size() >= 2 && out.get(0).text().equals(out.get(1).text())) {
            out.remove(1); // request and start carry the same prompt
        }
        return new Formatters.Formatted("agent", out, day);
    }

    /** {@code HH:MM:SS} of an ISO timestamp (with or without offset), empty when it is not one. */
    private static Optional<String> clock(String timestamp) {
        if (timestamp == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(HMS.format(OffsetDateTime.parse(timestamp)));
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(HMS.format(LocalDateTime.parse(timestamp)));
            } catch (DateTimeParseException e2) {
                return Optional.empty();
            }
        }
    }
}
