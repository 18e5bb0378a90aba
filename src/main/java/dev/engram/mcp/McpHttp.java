package dev.engram.mcp;

import dev.engram.app.Health;
import dev.engram.app.Service;
import dev.engram.cortex.api.ToolCaller;
import dev.engram.cortex.api.Tools;
import dev.engram.journal.Journal;
import dev.engram.mcp.api.McpToken;
import dev.engram.mcp.api.McpTokens;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The MCP server over streamable HTTP at {@code /mcp} on Convey's port, as the {@code mcp} service: {@link #servlet()}
 * is mounted by the composition root (Convey knows nothing of MCP). Every request must carry
 * {@code Authorization: Bearer <token>} of a token the owner created ({@link #tokens()}); otherwise it is answered 401
 * with {@code {error, reason_code}} before the MCP SDK sees it. Calls run with the token's scope and facets, as
 * client {@code mcp:<token name>}, and are audited. Thread-safe.
 */
public final class McpHttp implements Service {
    /** Where the streamable HTTP endpoint is served. */
    public static final String PATH = "/mcp";
    private static final String TOKEN_ATTR = "engram.mcp.token";
    private final Audit audit;
    private final TokenStore tokens;
    private final HttpServletStreamableServerTransportProvider transport;
    private final McpSyncServer server;
    private final HttpServlet servlet;
    private final AtomicLong refused = new AtomicLong();

    public McpHttp(Journal journal, Tools tools) {
        Clock clock = Clock.systemDefaultZone();
        this.audit = new Audit(journal, clock);
        this.tokens = new TokenStore(journal, clock, audit);
        this.transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(McpJsonDefaults.getMapper()).mcpEndpoint(PATH)
                .contextExtractor(request -> McpTransportContext.create(tokenOf(request)))
                .build();
        this.server = new Bridge(tools, audit, exchange -> client(exchange.transportContext()))
                .configure(McpServer.sync(transport)).build();
        this.servlet = new AuthServlet();
    }

    private static Map<String, Object> tokenOf(HttpServletRequest request) {
        Object t = request.getAttribute(TOKEN_ATTR);
        return t == null ? Map.of() : Map.of(TOKEN_ATTR, t);
    }

    private static Bridge.Client client(McpTransportContext context) {
        if (!(context.get(TOKEN_ATTR) instanceof McpToken t)) {
            // every request passed the token check; a request without one never reaches a tool
            throw new IllegalStateException("an MCP request reached a tool without a checked token");
        }
        return new Bridge.Client(t.name(), "http", new ToolCaller("mcp:" + t.name(), t.scope(), t.facets()));
    }

    /** The servlet to mount at {@code /mcp/*}: checks the bearer token, then hands the request to the MCP SDK. */
    public HttpServlet servlet() {
        return servlet;
    }

    /** The owner's tokens (registered as {@link McpTokens} for the settings section). */
    public McpTokens tokens() {
        return tokens;
    }

    @Override
    public String name() {
        return "mcp";
    }

    @Override
    public void start() {
        // the servlet serves as soon as Convey mounts it
    }

    @Override
    public void stop() {
        try {
            server.closeGracefully();
        } finally {
            audit.close();
        }
    }

    @Override
    public Health health() {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("path", PATH);
        facts.put("tokens", tokens.list().size());
        facts.put("refused", refused.get());
        facts.put("audited", audit.written());
        facts.put("audit_lost", audit.dropped());
        return audit.dropped() > 0
                ? Health.degraded(audit.dropped() + " MCP audit line(s) not written; see the log").withFacts(facts)
                : Health.up("serving " + PATH).withFacts(facts);
    }

    private final class AuthServlet extends HttpServlet {
        @Override
        public void init(ServletConfig config) throws ServletException {
            super.init(config);
            transport.init(config);
        }

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException,
                IOException {
            String h = req.getHeader("Authorization");
            if (h == null || h.length() < 8 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
                deny(resp, "bearer_required", "send an MCP token as 'Authorization: Bearer <token>'; the owner"
                        + " creates tokens in Settings, MCP access", "Bearer");
                return;
            }
            Optional<McpToken> token = tokens.verify(h.substring(7).strip());
            if (token.isEmpty()) {
                deny(resp, "invalid_token", "the MCP token is not valid (revoked, or mistyped)",
                        "Bearer error=\"invalid_token\"");
                return;
            }
            req.setAttribute(TOKEN_ATTR, token.get());
            transport.service(req, resp);
        }

        private void deny(HttpServletResponse resp, String code, String message, String challenge)
                throws IOException {
            refused.incrementAndGet();
            resp.setStatus(401);
            resp.setHeader("WWW-Authenticate", challenge);
            resp.setContentType("application/json");
            var o = McpJson.object();
            o.put("error", message);
            o.put("reason_code", code);
            resp.getOutputStream().write(McpJson.MAPPER.writeValueAsBytes(o));
        }

        @Override
        public void destroy() {
            transport.destroy();
            super.destroy();
        }
    }
}
