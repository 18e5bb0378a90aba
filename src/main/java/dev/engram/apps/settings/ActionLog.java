package dev.engram.apps.settings;

import dev.engram.journal.ActionLogEntry;
import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Appends the settings app's changes to the journal-level action log and reads a day of it back. */
final class ActionLog {
    static final String ACTOR = "settings";

    private ActionLog() {
    }

    static void log(Journal journal, String action, Map<String, ?> params) {
        journal.actions().logByApp(ACTOR, action, params);
    }

    static Map<String, Object> read(Journal journal, Day day) {
        List<Map<String, Object>> entries = journal.actions().read(day).stream().map(ActionLog::entry).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("day", day.key());
        out.put("actions", entries);
        return out;
    }

    private static Map<String, Object> entry(ActionLogEntry a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("timestamp", a.timestamp());
        m.put("source", a.source());
        m.put("actor", a.actor());
        m.put("action", a.action());
        m.put("params", a.params().toMap());
        a.facet().ifPresent(f -> m.put("facet", f));
        a.agentId().ifPresent(id -> m.put("agent_id", id));
        return m;
    }
}
