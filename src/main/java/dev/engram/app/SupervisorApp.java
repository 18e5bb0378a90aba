package dev.engram.app;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code supervisor} app: the bus side of the {@link Supervisor}. {@code supervisor.restart} {service} asks for a
 * restart of that service (an unknown or missing name is answered with a {@code health.notice} naming the services);
 * {@code supervisor.request} {cmd, ref} is answered with {@code supervisor.stopped} {ref, exit_code: -1, error}:
 * Engram runs no external commands from the bus (its work runs in-process), so the request is refused clearly
 * rather than dropped.
 */
public final class SupervisorApp implements App {
    private static final Logger LOG = LoggerFactory.getLogger(SupervisorApp.class);
    private final Supervisor supervisor;

    public SupervisorApp(Supervisor supervisor) {
        this.supervisor = Objects.requireNonNull(supervisor, "supervisor");
    }

    @Override
    public String name() {
        return "supervisor";
    }

    @OnEvent(tract = "supervisor", event = "restart")
    public void onRestart(EventContext ctx) {
        String service = ctx.msg().string("service").orElse("");
        if (service.isBlank()) {
            LOG.warn("supervisor.restart without a service name ignored");
            ctx.emit("health", "notice", Map.of("source", "supervisor", "level", "warn",
                    "message", "supervisor.restart needs {\"service\": <name>}"));
            return;
        }
        supervisor.requestRestart(service);
    }

    @OnEvent(tract = "supervisor", event = "request")
    public void onRequest(EventContext ctx) {
        String cmd = ctx.msg().get("cmd").map(Object::toString).orElse("(none)");
        Map<String, Object> answer = new LinkedHashMap<>();
        ctx.msg().string("ref").ifPresent(r -> answer.put("ref", r));
        answer.put("service", "request");
        answer.put("exit_code", -1);
        answer.put("error", "Engram runs no commands from supervisor.request; use the engram command or the app"
                + " instead");
        LOG.warn("supervisor.request {} refused: Engram runs no commands from the bus", cmd);
        ctx.emit("supervisor", "stopped", answer);
    }
}
