package dev.engram.apps.chat;

import dev.engram.journal.Journal;
import dev.engram.journal.JournalException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Chat conversations as the reference keeps them, {@code apps/chat/chats/<agent_id>.json} named after the first run
 * ({@code ts}, {@code facet}, {@code title}, {@code unread}, {@code archived}, {@code updated_ts}, {@code from}),
 * plus Engram's {@code runs} (the thread's run ids in order), {@code persona} and {@code provider} (the endpoint the
 * conversation runs on, absent: by tier). Written whole and atomically;
 * listing reads at most {@link #MAX_LISTED} newest files.
 */
final class Conversations {
    static final int MAX_LISTED = 200;
    private static final Logger LOG = LoggerFactory.getLogger(Conversations.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Journal journal;

    Conversations(Journal journal) {
        this.journal = journal;
    }

    Optional<ObjectNode> read(String id) {
        try {
            return journal.readAppFile("chat", "chats", id + ".json").flatMap(Conversations::parse);
        } catch (JournalException e) {
            return Optional.empty();
        }
    }

    /** A new conversation whose first run is {@code id}. */
    ObjectNode create(String id, String prompt, String persona, String provider, long now) {
        ObjectNode o = JSON.createObjectNode();
        o.put("ts", now);
        o.putNull("facet");
        o.put("title", prompt.length() > 80 ? prompt.substring(0, 80) + "…" : prompt);
        o.put("unread", false);
        o.put("archived", false);
        o.put("updated_ts", now);
        o.putObject("from").put("type", "owner");
        o.put("persona", persona);
        if (provider != null) {
            o.put("provider", provider);
        }
        o.putArray("runs").add(id);
        write(id, o);
        return o;
    }

    ObjectNode addRun(String conversation, ObjectNode o, String runId, String provider, long now) {
        if (provider == null) {
            o.remove("provider");
        } else {
            o.put("provider", provider);
        }
        ((ArrayNode) o.withArray("runs")).add(runId);
        o.put("updated_ts", now);
        write(conversation, o);
        return o;
    }

    static String lastRun(ObjectNode o) {
        JsonNode runs = o.get("runs");
        return runs != null && runs.isArray() && !runs.isEmpty() ? runs.get(runs.size() - 1).asString() : null;
    }

    /** The conversations, newest first. */
    List<ObjectNode> list() {
        Path dir = journal.appStorage("chat").resolve("chats");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> names;
        try (Stream<Path> s = Files.list(dir)) {
            names = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json") && !n.startsWith("."))
                    .sorted(Comparator.reverseOrder()).limit(MAX_LISTED).toList();
        } catch (IOException e) {
            LOG.warn("cannot list apps/chat/chats: {}", e.toString());
            return List.of();
        }
        List<ObjectNode> out = new ArrayList<>();
        for (String n : names) {
            String id = n.substring(0, n.length() - 5);
            read(id).ifPresent(o -> {
                o.put("id", id);
                out.add(o);
            });
        }
        out.sort(Comparator.comparingLong((ObjectNode o) -> o.path("updated_ts").asLong()).reversed());
        return out;
    }

    private void write(String id, ObjectNode o) {
        ObjectNode copy = o.deepCopy();
        copy.remove("id");
        journal.writeAppFile("chat", copy.toPrettyString(), "chats", id + ".json");
    }

    private static Optional<ObjectNode> parse(String text) {
        try {
            return JSON.readTree(text) instanceof ObjectNode o ? Optional.of(o) : Optional.empty();
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }
}
