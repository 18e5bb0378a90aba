package dev.engram.app;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in {@code dev} app: logs every bus event at DEBUG as the reference does,
 * {@code [dev] Event: tract/event - keys: ['tract', 'event', ...]}. Enable with logger {@code dev.engram.app.DevApp}
 * at DEBUG (e.g. {@code ENGRAM_LOG_LEVEL=DEBUG}); Engram registers it only when that is so at start
 * ({@link #wanted}): otherwise every bus event would pass through its lane for nothing (about 0.07 ms of CPU per
 * upload in a burst, docs/benchmarks.md "Ingest, round 11").
 */
public final class DevApp implements App {
    private static final Logger LOG = LoggerFactory.getLogger(DevApp.class);

    /** Whether its logger is at DEBUG now, so that registering it logs something. */
    public static boolean wanted() {
        return LOG.isDebugEnabled();
    }

    @Override
    public String name() {
        return "dev";
    }

    @OnEvent(tract = "*", event = "*")
    public void onEvent(EventContext ctx) {
        if (LOG.isDebugEnabled()) {
            List<String> keys = new ArrayList<>(ctx.msg().json().propertyNames());
            LOG.debug("[dev] Event: {}/{} - keys: {}", ctx.tract(), ctx.event(),
                    keys.stream().map(k -> "'" + k + "'").collect(Collectors.joining(", ", "[", "]")));
        }
    }
}
