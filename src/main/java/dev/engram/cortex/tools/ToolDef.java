package dev.engram.cortex.tools;

import dev.engram.cortex.api.ToolCaller;
import dev.engram.cortex.api.ToolSpec;
import java.util.function.Predicate;

/**
 * One tool: what models see ({@link #spec()}), its arguments ({@link #schema()}), when a call changes the journal
 * ({@link #writes()}: always for write tools, only with {@code markdown} for {@code facet_news}) and what it does.
 */
record ToolDef(ToolSpec spec, Schema schema, Predicate<Args> writes, Handler handler) {

    /** Runs a validated call; throws {@link ToolArgException} (or a journal exception) with a message to act on. */
    @FunctionalInterface
    interface Handler {
        String run(Args args, ToolCaller caller);
    }

    static ToolDef read(String pack, String name, String description, Schema schema, Handler handler) {
        return new ToolDef(new ToolSpec(name, description, schema.json(), true, pack), schema, a -> false, handler);
    }

    static ToolDef write(String pack, String name, String description, Schema schema, Handler handler) {
        return new ToolDef(new ToolSpec(name, description, schema.json(), false, pack), schema, a -> true, handler);
    }

    /** A tool that reads, and writes only when {@code writes} says so; not read-only, since it can change the journal. */
    static ToolDef sometimesWrites(String pack, String name, String description, Schema schema, Predicate<Args> writes,
                                   Handler handler) {
        return new ToolDef(new ToolSpec(name, description, schema.json(), false, pack), schema, writes, handler);
    }
}
