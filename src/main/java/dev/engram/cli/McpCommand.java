package dev.engram.cli;

import dev.engram.cortex.api.ToolCaller;
import dev.engram.cortex.api.ToolScope;
import dev.engram.cortex.tools.JournalTools;
import dev.engram.journal.Journal;
import dev.engram.journal.Names;
import dev.engram.mcp.McpStdio;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "mcp", description = "Serve the journal's tools and resources to an MCP client over stdio (for"
        + " desktop AI clients that start Engram as a child process). Stdout carries only the MCP protocol; logs go"
        + " to stderr. Calls are audited in health/mcp-audit.jsonl. Over HTTP, 'engram start' serves /mcp with"
        + " tokens from Settings.")
final class McpCommand implements Callable<Integer> {
    @CommandLine.Mixin
    JournalOption journalOption;

    @CommandLine.Option(names = "--scope", paramLabel = "read|write", defaultValue = "read",
            description = "read (default: the client may only read) or write (it may also add todos, entities,"
                    + " news and messages).")
    String scope;

    @CommandLine.Option(names = "--facet", paramLabel = "F", description = "Only this facet (repeat for several);"
            + " default: all. A restricted client cannot read transcripts or insights, which belong to no facet.")
    Set<String> facets = new TreeSet<>();

    @Override
    public Integer call() {
        ToolScope s = switch (scope) {
            case "read" -> ToolScope.READ;
            case "write" -> ToolScope.WRITE;
            default -> throw new UsageException("--scope must be read or write, not '" + scope + "'");
        };
        for (String f : facets) {
            if (!Names.isFacet(f)) {
                throw new UsageException("--facet '" + f + "' is not a facet name");
            }
        }
        Journal journal = journalOption.open();
        // stdout belongs to the protocol: anything else that prints (a library) goes to stderr instead
        PrintStream protocol = System.out;
        System.setOut(System.err);
        try (IndexSnapshot index = new IndexSnapshot(journal)) {
            JournalTools tools = JournalTools.of(journal, () -> Optional.of(index), Clock.systemDefaultZone());
            McpStdio.serve(tools, journal, new ToolCaller("mcp:stdio", s, facets), System.in, protocol);
        } finally {
            System.setOut(protocol);
        }
        return 0;
    }
}
