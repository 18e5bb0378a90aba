package dev.engram.mcp;

import dev.engram.cortex.api.ToolCaller;
import dev.engram.cortex.api.ToolSpec;
import dev.engram.cortex.api.Tools;
import dev.engram.journal.Journal;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MCP server over stdio ({@code engram mcp}), for desktop AI clients that start it as a child process: JSON-RPC
 * on the given streams and nothing else (logs go to stderr), every call with one caller (the scope and facets of the
 * command line) and every call audited as client {@code stdio} from the messages themselves ({@link CallTap}). {@link #serve} returns when the client closes its end.
 */
public final class McpStdio {
    private static final Logger LOG = LoggerFactory.getLogger(McpStdio.class);

    private McpStdio() {
    }

    /** Serves until {@code in} ends (the client closed it or went away), then stops and writes the audit. */
    public static void serve(Tools tools, Journal journal, ToolCaller caller, InputStream in, OutputStream out) {
        CountDownLatch ended = new CountDownLatch(1);
        Bridge.Client client = new Bridge.Client("stdio", "stdio", caller);
        try (Audit audit = new Audit(journal, Clock.systemDefaultZone())) {
            CallTap tap = new CallTap(audit, client.name(), client.transport(), toolNames(tools));
            StdioServerTransportProvider transport = new StdioServerTransportProvider(McpJsonDefaults.getMapper(),
                    LineTap.input(in, tap::request, ended::countDown), LineTap.output(out, tap::response));
            McpSyncServer server = new Bridge(tools, exchange -> client).configure(McpServer.sync(transport)).build();
            LOG.info("MCP server on stdio: {} tools, scope {}{}", tools.specs().size(),
                    caller.scope().name().toLowerCase(java.util.Locale.ROOT),
                    caller.facets().isEmpty() ? "" : ", facets " + caller.facets());
            ended.await();
            server.closeGracefully();
            tap.finish("error", 0); // calls the client did not wait for
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Set<String> toolNames(Tools tools) {
        return tools.specs().stream().map(ToolSpec::name).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }
}
