package dev.engram.cortex.runs;

import dev.engram.app.App;
import dev.engram.app.EventContext;
import dev.engram.app.OnEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cortex on the bus: a {@code cortex.request} (from any process: {@code engram callosum send}, a scheduler, another
 * tool) is handed to {@link Runs}, which claims and runs it. Runs started through the Java API are broadcast as
 * {@code cortex.request} too and come back here; they are already claimed, so they are ignored.
 */
public final class CortexApp implements App {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Runs runs;

    public CortexApp(Runs runs) {
        this.runs = runs;
    }

    @Override
    public String name() {
        return "cortex";
    }

    @OnEvent(tract = "cortex", event = "request")
    @SuppressWarnings("unchecked")
    public void request(EventContext e) {
        Map<String, Object> fields = JSON.convertValue(e.msg().json(), LinkedHashMap.class);
        runs.onBusRequest(fields);
    }
}
