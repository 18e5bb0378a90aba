package dev.engram.app;

import dev.engram.callosum.Message;
import dev.engram.journal.Journal;
import java.util.Map;

/**
 * What a handler gets: the message, the app it runs for, the message's tract and event, the journal, and a
 * non-blocking {@link #emit}.
 */
public record EventContext(Message msg, String app, String tract, String event, AppContext context) {
    public Journal journal() {
        return context.journal();
    }

    public boolean emit(String emitTract, String emitEvent, Map<String, ?> fields) {
        return context.emit(emitTract, emitEvent, fields);
    }
}
