package dev.engram.apps.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.testing.HttpSession;
import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;

/** Assertions shared by the route tests. */
public final class Checks {
    private Checks() {
    }

    /** The response is a JSON error with this status and reason code, and a message. */
    public static void error(HttpResponse<String> r, int status, String reason) {
        assertThat(r.statusCode()).as("status of %s: %s", r.uri(), r.body()).isEqualTo(status);
        JsonNode body = HttpSession.json(r);
        assertThat(body.path("reason_code").asString()).as("reason_code of %s", r.uri()).isEqualTo(reason);
        assertThat(body.path("error").asString()).isNotBlank();
    }

    public static JsonNode ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as("status of %s: %s", r.uri(), r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        return HttpSession.json(r);
    }
}
