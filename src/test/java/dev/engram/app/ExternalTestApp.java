package dev.engram.app;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An "external" app found through META-INF/services in the test resources. */
public class ExternalTestApp implements App {
    static final List<String> SEEN = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
        return "external";
    }

    @OnEvent(tract = "ext", event = "*")
    public void on(EventContext ctx) {
        SEEN.add(ctx.tract() + "/" + ctx.event());
    }
}
