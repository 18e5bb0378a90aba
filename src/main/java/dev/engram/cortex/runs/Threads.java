package dev.engram.cortex.runs;

import dev.engram.cortex.api.RunEvent;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Conversation threads ({@code continue_from}): the earlier runs of a thread, oldest first, as chat turns (the
 * request's prompt as the user's message, the {@code finish} result as the assistant's), like the reference's
 * {@code parse_agent_events_to_turns}. At most {@link #MAX_RUNS} runs back; a loop in the links ends the walk.
 */
final class Threads {
    static final int MAX_RUNS = 50;

    private Threads() {
    }

    static List<ChatMessage> history(String lastId, Function<String, List<RunEvent>> events) {
        List<List<RunEvent>> runs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String id = lastId;
        while (id != null && runs.size() < MAX_RUNS && seen.add(id)) {
            List<RunEvent> log = events.apply(id);
            if (log.isEmpty()) {
                break;
            }
            runs.add(log);
            id = log.stream().filter(e -> e.event().equals("request")).map(e -> e.text("continue_from"))
                    .filter(s -> !s.isEmpty()).findFirst().orElse(null);
        }
        Collections.reverse(runs);
        List<ChatMessage> out = new ArrayList<>();
        for (List<RunEvent> log : runs) {
            String prompt = log.stream().filter(e -> e.event().equals("request")).map(e -> e.text("prompt"))
                    .findFirst().orElse("");
            String answer = log.stream().filter(e -> e.event().equals("finish")).map(e -> e.text("result"))
                    .findFirst().orElse(null);
            if (!prompt.isEmpty() && answer != null) {
                out.add(UserMessage.from(prompt));
                out.add(AiMessage.from(answer.isEmpty() ? "(no answer)" : answer));
            }
        }
        return out;
    }
}
