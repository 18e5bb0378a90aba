package dev.engram.mcp;

import dev.engram.cortex.api.ToolCaller;
import dev.engram.cortex.api.Tools;
import dev.engram.journal.Journal;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MCP server over stdio ({@code engram mcp}), for desktop AI clients that start it as a child process: JSON-RPC
 * on the given streams and nothing else (logs go to stderr), every call with one caller (the scope and facets of the
 * command line) and audited as client {@code stdio}. {@link #serve} returns when the client closes its end.
 */
public final class McpStdio {
    private static final Logger LOG = LoggerFactory.getLogger(McpStdio.class);

    private McpStdio() {
    }

    /** Serves until {@code in} ends (the client closed it or went away), then stops and writes the audit. */
    public static void serve(Tools tools, Journal journal, ToolCaller caller, InputStream in, OutputStream out) {
        CountDownLatch ended = new CountDownLatch(1);
        InputStream watched = new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                return seen(super.read());
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return seen(super.read(b, off, len));
            }

            private int seen(int n) {
                if (n < 0) {
                    ended.countDown();
                }
                return n;
            }

            @Override
            public void close() throws IOException {
                ended.countDown();
                super.close();
            }
        };
        Bridge.Client client = new Bridge.Client("stdio", "stdio", caller);
        try (Audit audit = new Audit(journal, Clock.systemDefaultZone())) {
            StdioServerTransportProvider transport = new StdioServerTransportProvider(McpJsonDefaults.getMapper(),
                    watched, out);
            McpSyncServer server = new Bridge(tools, audit, exchange -> client)
                    .configure(McpServer.sync(transport)).build();
            LOG.info("MCP server on stdio: {} tools, scope {}{}", tools.specs().size(),
                    caller.scope().name().toLowerCase(java.util.Locale.ROOT),
                    caller.facets().isEmpty() ? "" : ", facets " + caller.facets());
            ended.await();
            server.closeGracefully();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
