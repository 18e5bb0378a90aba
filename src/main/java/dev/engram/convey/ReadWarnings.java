package dev.engram.convey;

import dev.engram.journal.Journal;
import dev.engram.journal.Warning;
import dev.engram.journal.WarningSink;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The warnings one API request meets while reading the journal, for partial results (contract C6): a broken or
 * skipped file never fails the rest of the answer, it becomes {@code "warnings":[{"file","line","message"}]}.
 * Warnings still reach the journal's own sink (logged once). One instance per request; thread-safe.
 */
public final class ReadWarnings {
    /** At most this many distinct warnings are listed in one answer. */
    public static final int MAX = 50;
    private final WarningSink.Collecting collected = WarningSink.collecting(MAX);
    private final Journal journal;

    public ReadWarnings(Journal journal) {
        this.journal = journal.withWarnings(journal.warningSink().and(collected));
    }

    /** The journal to read through: its warnings are collected here (and still logged). */
    public Journal journal() {
        return journal;
    }

    /** The collected warnings as JSON objects {@code {file, line, message}} (line 0: the whole file). */
    public List<Map<String, Object>> json() {
        return collected.warnings().stream().map(ReadWarnings::json).toList();
    }

    private static Map<String, Object> json(Warning w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", w.file());
        m.put("line", w.line());
        m.put("message", w.message());
        return m;
    }
}
