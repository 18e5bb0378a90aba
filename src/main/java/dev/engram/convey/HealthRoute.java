package dev.engram.convey;

import dev.engram.app.Health;
import dev.engram.app.HealthReport;
import io.javalin.http.Context;
import java.util.function.Supplier;

/**
 * {@code GET /health}: every service's health as JSON ({@link HealthReport#toJson}: {@code status}, {@code at_ms},
 * {@code services.<name>.status|detail|facts}); 200 while nothing is down, 503 otherwise. Services' details and facts
 * hold no secrets (see {@link Health}); the route is declared {@code LOOPBACK} or {@code SESSION}: a request from
 * this machine, or one with a login session.
 */
final class HealthRoute {
    private final Supplier<HealthReport> health;

    HealthRoute(Supplier<HealthReport> health) {
        this.health = health;
    }

    void handle(Context ctx) {
        HealthReport report = health.get();
        ctx.status(report.state() == Health.State.DOWN ? 503 : 200);
        JsonIo.send(ctx, report.toJson());
    }
}
