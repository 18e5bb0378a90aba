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
import java.util.Set;
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
    private final Set<String> toolNames;
    private final OwnedSchedulers schedulers = new OwnedSchedulers();

    public McpHttp(Journal journal, Tools tools) {
        Clock clock = Clock.systemDefaultZone();
        this.audit = new Audit(journal, clock);
        this.tokens = new TokenStore(journal, clock, audit);
        // the transport starts its session sweeper on a scheduler it never disposes: owned here, disposed at stop
        this.transport = schedulers.capture(() -> HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(McpJsonDefaults.getMapper()).mcpEndpoint(PATH)
                .contextExtractor(request -> McpTransportContext.create(tokenOf(request)))
                .build());
        this.toolNames = McpStdio.toolNames(tools);
        this.server = new Bridge(tools, exchange -> client(exchange.transportContext()))
                .configure(McpServer.sync(transport))
                // the tool runs on the request's thread, which waits for the answer anyway, instead of hopping to
                // Reactor's boundedElastic pool and back (two thread hand-offs per call)
                .immediateExecution(true).build();
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

    /** The Reactor schedulers this service owns and disposes at stop (the SDK's session sweeper's). */
    OwnedSchedulers schedulers() {
        return schedulers;
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
            try {
                schedulers.close();
            } finally {
                audit.close();
            }
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
            boolean bearer = h != null && h.length() >= 8 && h.regionMatches(true, 0, "Bearer ", 0, 7);
            Optional<McpToken> token = bearer ? tokens.verify(h.substring(7).strip()) : Optional.empty();
            if (!"POST".equals(req.getMethod())) {
                // a GET (the server's event stream) or DELETE (end of session) carries no call
                if (token.isPresent()) {
                    req.setAttribute(TOKEN_ATTR, token.get());
                    transport.service(req, resp);
                } else {
                    deny(resp, bearer);
                }
                return;
            }
            String client = token.map(McpToken::name).orElse(bearer ? "(invalid token)" : "(no token)");
            CallTap tap = new CallTap(audit, client, "http", toolNames);
            byte[] body = HttpTap.readBody(req);
            if (body == null) {
                audit.record(client, "http", "invalid", "?", Math.max(0, req.getContentLengthLong()), "refused", 0,
                        413, 0);
                error(resp, 413, "too_large", "an MCP message is at most " + HttpTap.MAX_BODY + " bytes");
                return;
            }
            tap.request(new String(body, StandardCharsets.UTF_8));
            if (token.isEmpty()) {
                deny(resp, bearer);
                tap.finish("refused", 401);
                return;
            }
            req.setAttribute(TOKEN_ATTR, token.get());
            HttpTap http = new HttpTap(tap);
            HttpServletRequest wrapped = HttpTap.withBody(req, body);
            try {
                transport.service(wrapped, http.teed(resp));
            } finally {
                http.end(req, resp);
            }
        }

        private void deny(HttpServletResponse resp, boolean bearer) throws IOException {
            refused.incrementAndGet();
            resp.setHeader("WWW-Authenticate", bearer ? "Bearer error=\"invalid_token\"" : "Bearer");
            if (bearer) {
                error(resp, 401, "invalid_token", "the MCP token is not valid (revoked, or mistyped)");
            } else {
                error(resp, 401, "bearer_required", "send an MCP token as 'Authorization: Bearer <token>'; the"
                        + " owner creates tokens in Settings, MCP access");
            }
        }

        private static void error(HttpServletResponse resp, int status, String code, String message)
                throws IOException {
            resp.setStatus(status);
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
