package dev.engram.apps.mcptokens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.boot.Engram;
import dev.engram.boot.EngramOptions;
import dev.engram.convey.Passwords;
import dev.engram.journal.ActionLogEntry;
import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import dev.engram.testing.HttpSession;
import dev.engram.testing.SampleJournal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** MCP access in a started Engram: the owner creates a token, an MCP request uses it, the owner revokes it. */
class McpTokensAppTest {
    @TempDir
    Path tmp;
    Path sockets;
    Journal journal;
    Engram engram;
    HttpSession owner;

    @BeforeEach
    void start() throws Exception {
        sockets = Files.createTempDirectory(Path.of("/tmp"), "mtk");
        journal = SampleJournal.create(tmp.resolve("journal"));
        Passwords.set(journal, "correct horse battery".toCharArray());
        engram = Engram.start(new EngramOptions(journal.root(), "127.0.0.1", 0,
                Optional.of(sockets.resolve("bus.sock"))));
        owner = new HttpSession(engram.url()).login("correct horse battery");
    }

    @AfterEach
    void stop() throws Exception {
        engram.close();
        Files.deleteIfExists(sockets.resolve("bus.sock"));
        Files.deleteIfExists(sockets);
    }

    private int mcpInitialize(String token) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            String init = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                    + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
            return http.send(HttpRequest.newBuilder(URI.create(engram.url() + "/mcp"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString(init)).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode();
        }
    }

    @Test
    void theOwnerCreatesATokenSeesItsSecretOnceAndRevokesIt() throws Exception {
        HttpResponse<String> created = owner.send("POST", "/app/mcp/api/tokens",
                "{\"name\":\"home-bot\",\"scope\":\"write\",\"facets\":[\"home\"]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode t = HttpSession.json(created);
        String secret = t.get("secret").asString();
        assertThat(secret).startsWith("emcp_");
        assertThat(t.get("facets").toString()).isEqualTo("[\"home\"]");

        HttpResponse<String> list = owner.get("/app/mcp/api/tokens");
        assertThat(list.body()).contains("home-bot").doesNotContain(secret).contains("/mcp");
        String stored = Files.readString(journal.root().resolve("apps/mcp/tokens.json"));
        assertThat(stored).contains("sha256").doesNotContain(secret);
        assertThat(mcpInitialize(secret)).isEqualTo(200);
        

        assertThat(owner.send("POST", "/app/mcp/api/tokens", "{\"name\":\"x\",\"scope\":\"admin\"}").statusCode())
                .isEqualTo(400);
        HttpResponse<String> badFacet = owner.send("POST", "/app/mcp/api/tokens", "{\"name\":\"y\",\"facets\":[\"nope\"]}");
        assertThat(badFacet.statusCode()).isEqualTo(400);
        assertThat(badFacet.body()).contains("no facet 'nope'");
        assertThat(owner.send("POST", "/app/mcp/api/tokens", "{\"name\":\"home-bot\"}").body()).contains("exists");

        assertThat(owner.send("DELETE", "/app/mcp/api/tokens/" + t.get("id").asString(), "").statusCode())
                .isEqualTo(200);
        assertThat(mcpInitialize(secret)).isEqualTo(401);
        assertThat(owner.send("DELETE", "/app/mcp/api/tokens/" + t.get("id").asString(), "").statusCode())
                .isEqualTo(404);
        assertThat(journal.actions().read(new Day(LocalDate.now()))).extracting(ActionLogEntry::action)
                .contains("mcp_token_create", "mcp_token_revoke");
        assertThat(journal.actions().read(new Day(LocalDate.now())).toString()).doesNotContain(secret);
        // without a login the API is closed
        assertThat(new HttpSession(engram.url()).get("/app/mcp/api/tokens").statusCode()).isIn(401, 302, 303);
        assertThat(owner.get("/app/mcp/api/calls?limit=abc").statusCode()).isEqualTo(400);
        assertThat(owner.get("/app/mcp/api/calls").statusCode()).isEqualTo(200);
    }
}
