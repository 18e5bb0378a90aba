package dev.engram.cortex.providers;

import dev.engram.cortex.outbound.OutboundHttp;
import dev.engram.journal.Journal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** A journal with a {@code providers} config, the real outbound door and provider service; JSON helpers. */
final class ProviderKit {
    static final JsonMapper JSON = JsonMapper.builder().build();
    /** 2026-11-29 23:00 UTC: a fixed local day for the tokens file. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T23:00:00Z"), ZoneId.of("UTC"));

    final Journal journal;
    final ProviderService providers;

    ProviderKit(Path dir, String providersJson, Map<String, String> env) {
        journal = Journal.create(dir.resolve("journal"), "Test Owner");
        if (providersJson != null) {
            JsonNode node = JSON.readTree(providersJson);
            journal.updateConfig(c -> new dev.engram.journal.JournalConfig(c.identity(), c.convey(),
                    c.extra().with("providers", node)));
        }
        providers = new ProviderService(journal, new OutboundHttp(journal), env, CLOCK);
    }

    /**
     * The config for one endpoint named {@code name}, retries fast, a short timeout (3 s: long enough for a local
     * server's headers on a loaded machine, short enough for the timeout test).
     */
    static String config(String name, String type, String baseUrl, String key, String model) {
        ObjectNode ep = JSON.createObjectNode();
        ep.put("type", type);
        ep.put("base_url", baseUrl);
        if (key != null) {
            ep.put("api_key", key);
        }
        ep.put("model", model);
        ObjectNode p = JSON.createObjectNode();
        p.set("endpoints", JSON.createObjectNode().set(name, ep));
        p.put("timeout_seconds", 3.0);
        p.put("max_retries", 2);
        p.put("retry_base_ms", 10);
        return p.toString();
    }

    List<JsonNode> providerLog() throws IOException {
        return lines(journal.root().resolve("health/providers.jsonl"));
    }

    List<JsonNode> tokens() throws IOException {
        return lines(journal.root().resolve("tokens/20261129.jsonl"));
    }

    String allFiles() throws IOException {
        StringBuilder b = new StringBuilder();
        try (var files = Files.walk(journal.root())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (!f.toString().endsWith("journal.json")) {
                    b.append(Files.readString(f));
                }
            }
        }
        return b.toString();
    }

    static List<JsonNode> lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).map(JSON::readTree).toList();
    }

    static JsonNode body(RecordedRequest r) {
        return JSON.readTree(r.getBody().utf8());
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body)
                .build();
    }

    static MockResponse sse(String body) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream").body(body)
                .build();
    }
}
