package dev.engram.apps.observers;

import dev.engram.journal.ActionLogEntry;
import dev.engram.journal.Day;
import dev.engram.journal.Extra;
import dev.engram.journal.Journal;
import java.time.OffsetDateTime;
import java.util.Map;

/** Every change to the observers (create, revoke, disable, enable, the registration switch) in the action log. */
final class ActionLog {
    static final String ACTOR = "observers";

    private ActionLog() {
    }

    static void log(Journal journal, String action, Map<String, ?> params) {
        OffsetDateTime now = OffsetDateTime.now();
        Extra extra = Extra.empty();
        for (Map.Entry<String, ?> e : params.entrySet()) {
            extra = extra.with(e.getKey(), e.getValue());
        }
        journal.actions().log(new Day(now.toLocalDate()),
                ActionLogEntry.byApp(ACTOR, action, extra, now));
    }
}
