package dev.engram.mcp;

import dev.engram.cortex.api.ToolScope;
import dev.engram.journal.Journal;
import dev.engram.journal.Names;
import dev.engram.mcp.api.McpCall;
import dev.engram.mcp.api.McpToken;
import dev.engram.mcp.api.McpTokenException;
import dev.engram.mcp.api.McpTokens;
import dev.engram.mcp.api.NewMcpToken;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The owner's MCP tokens in {@code apps/mcp/tokens.json}: id, name, scope, facets, creation time and the SHA-256 of
 * the secret (a random 256-bit token, so a fast hash suffices), never the secret. A presented token is hashed and
 * compared with every stored hash in constant time. Changes are serialized here and written atomically by the
 * journal; the list is held in memory between changes. Thread-safe.
 */
final class TokenStore implements McpTokens {
    static final String APP = "mcp";
    static final String FILE = "tokens.json";
    /** What every Engram MCP token starts with (so a leaked one is recognizable). */
    static final String PREFIX = "emcp_";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Stored(McpToken token, byte[] hash) {
    }

    private final Journal journal;
    private final Clock clock;
    private final Audit audit;
    private volatile List<Stored> tokens;

    TokenStore(Journal journal, Clock clock, Audit audit) {
        this.journal = journal;
        this.clock = clock;
        this.audit = audit;
        this.tokens = load();
    }

    /** The token whose secret this is, if any (constant-time comparison with every stored hash). */
    Optional<McpToken> verify(String secret) {
        byte[] given = sha256(secret);
        McpToken found = null;
        for (Stored s : tokens) {
            if (MessageDigest.isEqual(given, s.hash()) && found == null) {
                found = s.token();
            }
        }
        return Optional.ofNullable(found);
    }

    @Override
    public List<McpToken> list() {
        return tokens.stream().map(Stored::token).toList();
    }

    @Override
    public synchronized NewMcpToken create(String name, ToolScope scope, Set<String> facets) {
        String n = name == null ? "" : name.strip();
        if (!NAME.matcher(n).matches()) {
            throw new McpTokenException("the token name must be 1-64 letters, digits, spaces, '.', '_' or '-',"
                    + " starting with a letter or digit");
        }
        if (tokens.stream().anyMatch(t -> t.token().name().equalsIgnoreCase(n))) {
            throw new McpTokenException("a token named '" + n + "' exists; choose another name or revoke it first");
        }
        for (String f : facets) {
            if (!Names.isFacet(f) || journal.facet(f).isEmpty()) {
                throw new McpTokenException("there is no facet '" + f + "'");
            }
        }
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        byte[] id = new byte[4];
        RANDOM.nextBytes(id);
        McpToken t = new McpToken(HexFormat.of().formatHex(id), n, scope, new TreeSet<>(facets), clock.millis());
        List<Stored> next = new ArrayList<>(tokens);
        next.add(new Stored(t, sha256(secret)));
        save(next);
        return new NewMcpToken(t, secret);
    }

    @Override
    public synchronized boolean revoke(String id) {
        List<Stored> next = new ArrayList<>(tokens);
        if (!next.removeIf(s -> s.token().id().equals(id))) {
            return false;
        }
        save(next);
        return true;
    }

    @Override
    public List<McpCall> recentCalls(int limit) {
        return audit.recent(limit);
    }

    private void save(List<Stored> next) {
        ObjectNode root = McpJson.object();
        ArrayNode arr = root.putArray("tokens");
        for (Stored s : next) {
            ObjectNode o = arr.addObject();
            o.put("id", s.token().id());
            o.put("name", s.token().name());
            o.put("scope", s.token().scope().name().toLowerCase(Locale.ROOT));
            ArrayNode f = o.putArray("facets");
            s.token().facets().stream().sorted().forEach(f::add);
            o.put("created_at", s.token().createdAt());
            o.put("sha256", HexFormat.of().formatHex(s.hash()));
        }
        journal.writeAppFile(APP, McpJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n",
                FILE);
        tokens = List.copyOf(next);
    }

    /** The stored tokens; a file that cannot be read admits no token (and says why in the log), never all. */
    private List<Stored> load() {
        Optional<String> text = journal.readAppFile(APP, FILE);
        if (text.isEmpty()) {
            return List.of();
        }
        List<Stored> out = new ArrayList<>();
        try {
            JsonNode root = McpJson.MAPPER.readTree(text.get());
            for (JsonNode o : root.path("tokens")) {
                Set<String> facets = new TreeSet<>();
                o.path("facets").forEach(f -> facets.add(f.asString()));
                ToolScope scope = "write".equals(o.path("scope").asString()) ? ToolScope.WRITE : ToolScope.READ;
                byte[] hash = HexFormat.of().parseHex(o.path("sha256").asString());
                if (hash.length != 32 || o.path("id").asString().isEmpty()) {
                    throw new IllegalArgumentException("a token has no SHA-256 hash or no id");
                }
                out.add(new Stored(new McpToken(o.path("id").asString(), o.path("name").asString(), scope, facets,
                        o.path("created_at").asLong()), hash));
            }
        } catch (JacksonException | IllegalArgumentException e) {
            org.slf4j.LoggerFactory.getLogger(TokenStore.class).warn("apps/{}/{} cannot be read ({}): no MCP token"
                    + " is accepted until it is fixed or removed (then create tokens again in Settings)", APP, FILE,
                    e.getMessage());
            return List.of();
        }
        return List.copyOf(out);
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available in this JDK", e);
        }
    }
}
