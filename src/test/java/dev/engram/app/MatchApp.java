package dev.engram.app;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Handlers for every kind of pattern; records "handler:tract/event" per run. */
public class MatchApp implements App {
    final List<String> runs = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
        return "matcher";
    }

    @OnEvent(tract = "t", event = "e")
    public void exact(EventContext ctx) {
        record("exact", ctx);
    }

    @OnEvent(tract = "t", event = "*")
    public void tractAny(EventContext ctx) {
        record("tractAny", ctx);
    }

    @OnEvent(tract = "*", event = "e")
    public void eventAny(EventContext ctx) {
        record("eventAny", ctx);
    }

    @OnEvent(tract = "*", event = "*")
    public void any(EventContext ctx) {
        record("any", ctx);
    }

    @OnEvent(tract = "t", event = "e")
    @OnEvent(tract = "*", event = "*")
    public void multi(EventContext ctx) {
        record("multi", ctx);
    }

    /** Not a handler. */
    public void helper(EventContext ctx) {
        record("helper", ctx);
    }

    private void record(String handler, EventContext ctx) {
        runs.add(handler + ":" + ctx.tract() + "/" + ctx.event());
    }
}
