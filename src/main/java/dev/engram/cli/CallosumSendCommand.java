package dev.engram.cli;

import dev.engram.callosum.CallosumClient;
import dev.engram.callosum.CallosumException;
import dev.engram.callosum.Message;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@Command(name = "send", description = "Send one message: TRACT EVENT [key=value ...] (a value that parses as JSON is"
        + " used as JSON, else as a string), or, with no arguments, one JSON object read from stdin.")
final class CallosumSendCommand implements Callable<Integer> {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @CommandLine.Mixin
    JournalOption journalOption;

    @CommandLine.Mixin
    SocketOption socketOption;

    @CommandLine.Parameters(paramLabel = "TRACT EVENT [key=value...]", arity = "0..*")
    List<String> args = new ArrayList<>();

    /** Where the JSON object comes from when no TRACT/EVENT is given (tests replace it). */
    static InputStream stdin = System.in;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Message m = args.isEmpty() ? fromStdin() : fromArgs(args);
        Path socket = socketOption.client(journalOption.location().root());
        if (!CallosumClient.send(socket, m)) {
            throw new CallosumException(SocketOption.noBus(socket));
        }
        return 0;
    }

    static Message fromArgs(List<String> args) {
        if (args.size() < 2) {
            throw new UsageException("give TRACT and EVENT (then key=value pairs), or no arguments and JSON on stdin");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (String kv : args.subList(2, args.size())) {
            int eq = kv.indexOf('=');
            if (eq < 1) {
                throw new UsageException("expected key=value, got '" + kv + "'");
            }
            fields.put(kv.substring(0, eq), value(kv.substring(eq + 1)));
        }
        return Message.of(args.get(0), args.get(1), fields);
    }

    /** JSON when the whole text is one JSON value, else the text as a string. */
    static Object value(String text) {
        try {
            JsonNode n = JSON.readTree(text);
            return n == null || n.isMissingNode() ? text : n;
        } catch (JacksonException e) {
            return text;
        }
    }

    private static Message fromStdin() throws IOException {
        String text = new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
        if (text.isBlank()) {
            throw new UsageException("no TRACT EVENT given and nothing on stdin");
        }
        return Message.parse(text.strip());
    }
}
