package dev.engram.cortex.tools;

import dev.engram.app.AppContext;
import dev.engram.app.Health;
import dev.engram.app.Service;
import dev.engram.cortex.api.ToolCaller;
import dev.engram.cortex.api.ToolResult;
import dev.engram.cortex.api.ToolScope;
import dev.engram.cortex.api.ToolSpec;
import dev.engram.cortex.api.Tools;
import dev.engram.index.api.Searcher;
import dev.engram.journal.JournalException;
import dev.engram.journal.Journal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal tools ({@link Tools}) with the reference's names, packs and argument names; registered in boot as
 * {@code context.service(Tools.class)} and used by agent runs and the MCP server alike. Every call is checked here,
 * in one place, before a tool runs: its arguments against the tool's schema, a write by a {@link ToolScope#READ}
 * caller, a facet outside the caller's facets. Failures are {@link ToolResult#error} values with a message the model
 * can act on, never exceptions. Thread-safe.
 */
public final class JournalTools implements Tools, Service {
    private static final Logger LOG = LoggerFactory.getLogger(JournalTools.class);
    private final Map<String, ToolDef> defs = new LinkedHashMap<>();
    private final List<ToolSpec> specs;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    private JournalTools(ToolEnv env) {
        List<ToolDef> all = new ArrayList<>();
        all.add(new SearchTool(env).def());
        all.addAll(new FacetTools(env).defs());
        all.addAll(new Resources(env).defs());
        all.addAll(new TodoTools(env).defs());
        all.addAll(new EntityTools(env).defs());
        all.forEach(d -> defs.put(d.spec().name(), d));
        specs = all.stream().map(ToolDef::spec).toList();
    }

    /** The tools of a running Engram: its journal, the registry's {@link Searcher}, its bus, the system clock. */
    public static JournalTools of(AppContext context) {
        return new JournalTools(new ToolEnv(context.journal(), () -> context.findService(Searcher.class),
                Clock.systemDefaultZone(), context::emit));
    }

    /** Tools on a journal without a bus (the stdio MCP server, tests); {@code searcher} is asked at each search. */
    public static JournalTools of(Journal journal, Supplier<Optional<Searcher>> searcher, Clock clock) {
        return new JournalTools(new ToolEnv(journal, searcher, clock, ToolEnv.BusSend.none()));
    }

    @Override
    public List<ToolSpec> specs() {
        return specs;
    }

    @Override
    public ToolResult call(String name, String argumentsJson, ToolCaller caller) {
        calls.incrementAndGet();
        ToolResult r = run(name, argumentsJson, caller);
        if (r.error()) {
            errors.incrementAndGet();
        }
        return r;
    }

    private ToolResult run(String name, String argumentsJson, ToolCaller caller) {
        ToolDef def = defs.get(name);
        if (def == null) {
            return ToolResult.error("there is no tool '" + name + "'; tools: " + String.join(", ", defs.keySet()));
        }
        try {
            Args args = def.schema().validate(name, argumentsJson);
            if (caller.scope() == ToolScope.READ && def.writes().test(args)) {
                return ToolResult.error(name + " changes the journal, and this caller may only read (scope read);"
                        + " use the read tools, or ask the owner for a read-write token");
            }
            for (Schema.Prop p : def.schema().props()) {
                if (p.kind() == Schema.Kind.FACET && args.has(p.name()) && !caller.facets().isEmpty()
                        && !caller.facets().contains(args.string(p.name()))) {
                    return ToolResult.error(outsideFacets(args.string(p.name()), caller));
                }
            }
            return ToolResult.ok(def.handler().run(args, caller));
        } catch (ToolArgException | JournalException e) {
            return ToolResult.error(e.getMessage());
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            LOG.warn("tool {} failed for {}: {}", name, caller.actor(), e.toString(), e);
            return ToolResult.error(name + " failed inside Engram (" + e.getClass().getSimpleName() + "); the"
                    + " owner can find the details in Engram's log");
        }
    }

    static String outsideFacets(String facet, ToolCaller caller) {
        return "facet '" + facet + "' is outside what this caller may use (" + String.join(", ",
                new TreeSet<>(caller.facets())) + ")";
    }

    @Override
    public String name() {
        return "tools";
    }

    @Override
    public void start() {
        // nothing to start: the tools run on their callers' threads
    }

    @Override
    public void stop() {
        // nothing to stop
    }

    @Override
    public Health health() {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("tools", specs.size());
        facts.put("calls", calls.get());
        facts.put("errors", errors.get());
        facts.put("failures", failures.get());
        return Health.up(specs.size() + " tools").withFacts(facts);
    }
}
