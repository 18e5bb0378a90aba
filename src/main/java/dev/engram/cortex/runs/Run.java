package dev.engram.cortex.runs;

import dev.engram.cortex.api.ToolCaller;
import dev.engram.cortex.api.ToolResult;
import dev.engram.cortex.api.Tools;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.TokenUsage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The model loop of one run: stream a turn (tokens to the listeners), write a {@code thinking} event when the model
 * reasoned, run each tool call it asks for ({@code tool_start}, {@code tool_end}, results back to the model), until
 * it answers without tools ({@code finish} with the answer and the summed {@code usage}). Ends early with an
 * {@code error} when the deadline passes, {@code max_turns} is reached, the run is cancelled or the provider fails.
 */
final class Run {
    /** A tool result longer than this is cut for the log (the model still gets it whole). */
    static final int LOGGED_RESULT_CHARS = 16_000;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final RunLog log;
    private final StreamingChatModel model;
    private final String modelName;
    private final List<ToolSpecification> specs;
    private final Tools tools;
    private final ToolCaller caller;
    private final long deadlineNanos;
    private final int timeoutSeconds;
    private final int maxTurns;
    /** How long a tool call that was interrupted (cancel, timeout) is given to end before the run moves on. */
    static final long TOOL_STOP_WAIT_MS = 2_000;
    private static final Logger LOG = LoggerFactory.getLogger(Run.class);
    private final CompletableFuture<Void> stop;
    private final CompletableFuture<Void> started;
    private volatile CompletableFuture<ChatResponse> turn;
    private volatile CompletableFuture<ToolResult> toolCall;
    private volatile Thread toolThread;
    private volatile boolean cancelled;

    /**
     * @param stop completed when the run must stop streaming (cancel, timeout, end): the provider model was made with
     *             it, so its open HTTP stream is closed
     */
    Run(RunLog log, StreamingChatModel model, String modelName, List<ToolSpecification> specs, Tools tools,
        ToolCaller caller, int timeoutSeconds, int maxTurns, CompletableFuture<Void> stop) {
        this(log, model, modelName, specs, tools, caller, timeoutSeconds, maxTurns, stop,
                CompletableFuture.completedFuture(null));
    }

    /**
     * @param started completed once the run's {@code start} event is written: it is written while the first request
     *                goes out (its fsync off the way to the first token), and nothing of this run (a token, an event)
     *                is logged before it
     */
    Run(RunLog log, StreamingChatModel model, String modelName, List<ToolSpecification> specs, Tools tools,
        ToolCaller caller, int timeoutSeconds, int maxTurns, CompletableFuture<Void> stop,
        CompletableFuture<Void> started) {
        this.started = started;
        this.stop = stop;
        this.log = log;
        this.model = model;
        this.modelName = modelName;
        this.specs = specs;
        this.tools = tools;
        this.caller = caller;
        this.timeoutSeconds = timeoutSeconds;
        this.deadlineNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        this.maxTurns = maxTurns;
    }

    /** The final answer, or empty when the run ended with an error event (already written). */
    Optional<String> loop(List<ChatMessage> messages) {
        long in = 0;
        long out = 0;
        int requests = 0;
        for (int t = 0; t < maxTurns; t++) {
            ChatResponse r;
            try {
                r = stream(messages);
            } catch (TimeoutException e) {
                stop.complete(null);
                return fail("Agent timed out after " + timeoutSeconds + " seconds");
            } catch (CancellationException | InterruptedException e) {
                return fail(cancelled ? "cancelled" : "interrupted");
            } catch (ExecutionException e) {
                if (cancelled) {
                    return fail("cancelled");
                }
                Throwable c = e.getCause() == null ? e : e.getCause();
                return fail("the model provider failed: " + describe(c));
            }
            requests++;
            TokenUsage u = r.tokenUsage();
            if (u != null) {
                in += u.inputTokenCount() == null ? 0 : u.inputTokenCount();
                out += u.outputTokenCount() == null ? 0 : u.outputTokenCount();
            }
            AiMessage ai = r.aiMessage();
            if (ai.thinking() != null && !ai.thinking().isBlank()) {
                log.write("thinking", Map.of("summary", ai.thinking(), "model", modelName));
            }
            messages.add(ai);
            if (!ai.hasToolExecutionRequests()) {
                Map<String, Object> usage = new LinkedHashMap<>();
                usage.put("input_tokens", in);
                usage.put("output_tokens", out);
                usage.put("total_tokens", in + out);
                usage.put("requests", requests);
                String text = ai.text() == null ? "" : ai.text();
                lastUsage = usage;
                return Optional.of(text);
            }
            if (ai.text() != null && !ai.text().isBlank()) {
                log.write("thinking", Map.of("summary", ai.text(), "model", modelName));
            }
            for (ToolExecutionRequest call : ai.toolExecutionRequests()) {
                if (cancelled || Thread.currentThread().isInterrupted()) {
                    return fail("cancelled");
                }
                if (System.nanoTime() > deadlineNanos) {
                    return fail("Agent timed out after " + timeoutSeconds + " seconds");
                }
                Optional<ToolExecutionResultMessage> result = callTool(call);
                if (result.isEmpty()) {
                    return fail(cancelled ? "cancelled" : "Agent timed out after " + timeoutSeconds + " seconds");
                }
                messages.add(result.get());
            }
        }
        return fail("stopped after max_turns (" + maxTurns + ") without a final answer; raise max_turns in the"
                + " persona or the request");
    }

    private Map<String, Object> lastUsage = Map.of();

    Map<String, Object> usage() {
        return lastUsage;
    }

    /** The tool's answer for the model, or empty when the run was cancelled or timed out during the call. */
    private Optional<ToolExecutionResultMessage> callTool(ToolExecutionRequest call) {
        String name = call.name();
        String argsText = call.arguments() == null || call.arguments().isBlank() ? "{}" : call.arguments();
        Object args = parsedArgs(argsText);
        String callId = call.id() == null ? name + "-" + System.nanoTime() : call.id();
        log.write("tool_start", Map.of("tool", name, "args", args, "call_id", callId));
        ToolResult result;
        if (tools == null) {
            result = ToolResult.error("no journal tools are available in this Engram");
        } else {
            Optional<ToolResult> r = interruptibly(name, argsText);
            if (r.isEmpty()) {
                Map<String, Object> end = new LinkedHashMap<>();
                end.put("tool", name);
                end.put("args", args);
                end.put("result", cancelled ? "cancelled" : "timed out");
                end.put("call_id", callId);
                end.put("error", true);
                log.write("tool_end", end);
                return Optional.empty();
            }
            result = r.get();
        }
        String shown = result.content().length() > LOGGED_RESULT_CHARS
                ? result.content().substring(0, LOGGED_RESULT_CHARS) + "… (" + result.content().length() + " chars)"
                : result.content();
        Map<String, Object> end = new LinkedHashMap<>();
        end.put("tool", name);
        end.put("args", args);
        end.put("result", shown);
        end.put("call_id", callId);
        if (result.error()) {
            end.put("error", true);
        }
        log.write("tool_end", end);
        return Optional.of(ToolExecutionResultMessage.from(call, result.error() ? "ERROR: " + result.content()
                : result.content()));
    }

    /**
     * Runs the tool call on its own virtual thread and waits for it until the deadline; a cancel or the deadline
     * interrupts that thread (and waits a little for it to end), answering empty.
     */
    private Optional<ToolResult> interruptibly(String name, String argsText) {
        CompletableFuture<ToolResult> f = new CompletableFuture<>();
        toolCall = f;
        Thread t = Thread.ofVirtual().name(Thread.currentThread().getName() + "-tool-" + name).unstarted(() -> {
            try {
                f.complete(tools.call(name, argsText, caller));
            } catch (RuntimeException e) {
                f.complete(ToolResult.error("the tool " + name + " failed: " + e.getMessage()));
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        toolThread = t;
        try {
            if (cancelled) {
                return Optional.empty();
            }
            t.start();
            long left = deadlineNanos - System.nanoTime();
            return Optional.of(f.get(Math.max(left, 0), TimeUnit.NANOSECONDS));
        } catch (TimeoutException | CancellationException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.of(ToolResult.error("the tool " + name + " failed: " + describe(e.getCause())));
        } finally {
            toolThread = null;
            toolCall = null;
            stopTool(t, name);
        }
    }

    private static void stopTool(Thread t, String name) {
        if (!t.isAlive()) {
            return;
        }
        t.interrupt();
        try {
            if (!t.join(java.time.Duration.ofMillis(TOOL_STOP_WAIT_MS))) {
                LOG.warn("the tool call {} did not end within {} ms of being interrupted: left to finish on its own",
                        name, TOOL_STOP_WAIT_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Object parsedArgs(String text) {
        try {
            JsonNode n = JSON.readTree(text);
            return n == null ? text : JSON.convertValue(n, Object.class);
        } catch (JacksonException e) {
            return text;
        }
    }

    private ChatResponse stream(List<ChatMessage> messages)
            throws TimeoutException, InterruptedException, ExecutionException {
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        turn = done;
        if (cancelled) {
            throw new CancellationException();
        }
        StringBuilder thinking = new StringBuilder();
        ChatRequest.Builder req = ChatRequest.builder().messages(new ArrayList<>(messages));
        if (!specs.isEmpty()) {
            req.toolSpecifications(specs);
        }
        model.chat(req.build(), new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String text) {
                if (!done.isDone() && text != null && !text.isEmpty()) {
                    started.join();
                    log.token(text);
                }
            }

            @Override
            public void onPartialThinking(PartialThinking partial) {
                thinking.append(partial.text());
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                if (thinking.isEmpty() || response.aiMessage().thinking() != null) {
                    done.complete(response);
                } else {
                    done.complete(response.toBuilder().aiMessage(response.aiMessage().toBuilder()
                            .thinking(thinking.toString()).build()).build());
                }
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        started.join(); // the request is on its way: what follows is logged after start
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            throw new TimeoutException();
        }
        return done.get(left, TimeUnit.NANOSECONDS);
    }

    /** Stops the run: its provider stream is closed, a running tool call interrupted; the loop ends with an error. */
    void cancel() {
        cancelled = true;
        CompletableFuture<ChatResponse> t = turn;
        if (t != null) {
            t.cancel(false);
        }
        stop.complete(null);
        CompletableFuture<ToolResult> c = toolCall;
        if (c != null) {
            c.cancel(false);
        }
        Thread tt = toolThread;
        if (tt != null) {
            tt.interrupt();
        }
    }

    private Optional<String> fail(String message) {
        started.join();
        log.write("error", Map.of("error", message));
        return Optional.empty();
    }

    static String describe(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.length() > 500 ? m.substring(0, 500) + "…" : m;
    }
}
