package dev.engram.apps.observers;

import dev.engram.journal.Journal;
import java.util.Map;

/** Every change to the observers (create, revoke, disable, enable, the registration switch) in the action log. */
final class ActionLog {
    static final String ACTOR = "observers";

    private ActionLog() {
    }

    static void log(Journal journal, String action, Map<String, ?> params) {
        journal.actions().logByApp(ACTOR, action, params);
    }
}
