package dev.engram.convey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.testing.HttpSession;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ErrorsTest {
    @TempDir
    Path dir;

    @Test
    void apiErrorsAreJsonWithReasonCodes() {
        try (ConveyFixture f = new ConveyFixture(dir).withPassword()) {
            HttpSession h = f.loggedIn();
            HttpResponse<String> missing = h.get("/app/home/api/missing");
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.body()).isEqualTo("{\"error\":\"no such thing\",\"reason_code\":\"no_such_thing\"}");

            HttpResponse<String> unknown = h.get("/api/nothing-here");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.body()).contains("\"reason_code\":\"not_found\"");

            HttpResponse<String> boom = h.get("/app/home/api/boom");
            assertThat(boom.statusCode()).isEqualTo(500);
            assertThat(boom.body()).contains("\"reason_code\":\"internal_error\"").doesNotContain("secret internal detail");

            HttpResponse<String> badJson = h.send("POST", "/api/config/apps/order", "{not json");
            assertThat(badJson.statusCode()).isEqualTo(400);
            assertThat(badJson.body()).contains("\"reason_code\":\"invalid_json\"");
        }
    }

    /** A Jackson failure while answering is our bug (500), not the client's; a body that is not JSON stays a 400. */
    @Test
    void aServerSideJsonFailureIsA500NotAClientError() {
        try (ConveyFixture f = new ConveyFixture(dir).withPassword()) {
            HttpSession h = f.loggedIn();
            HttpResponse<String> broken = h.get("/app/home/api/unserializable");
            assertThat(broken.statusCode()).isEqualTo(500);
            assertThat(broken.body()).contains("\"reason_code\":\"internal_error\"").doesNotContain("invalid_json");

            HttpResponse<String> notJson = h.send("POST", "/api/config/facets/order", "[1, 2");
            assertThat(notJson.statusCode()).isEqualTo(400);
            assertThat(notJson.body()).contains("\"reason_code\":\"invalid_json\"");
            HttpResponse<String> notObject = h.send("POST", "/api/config/facets/select", "[]");
            assertThat(notObject.statusCode()).isEqualTo(400);
            assertThat(notObject.body()).contains("\"reason_code\":\"invalid_json\"");
        }
    }

    @Test
    void htmlErrorsAreReadablePages() {
        try (ConveyFixture f = new ConveyFixture(dir).withPassword()) {
            HttpSession h = f.loggedIn();
            HttpResponse<String> badDay = h.get("/app/todos/20241399");
            assertThat(badDay.statusCode()).isEqualTo(400);
            assertThat(badDay.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
            assertThat(badDay.body()).contains("<html").contains("invalid day '20241399'");

            HttpResponse<String> nowhere = h.get("/no/such/page");
            assertThat(nowhere.statusCode()).isEqualTo(404);
            assertThat(nowhere.body()).contains("Not found");

            HttpResponse<String> noDateNav = h.get("/app/live/20240101");
            assertThat(noDateNav.statusCode()).isEqualTo(404);
        }
    }

    /** An observer's key in a SEED ingest path never reaches the log of a failed request. */
    @Test
    void keysInPathsAreRedactedWhenARequestIsLogged() {
        String key = "Oaltx3XFq9rU1bV2cW3dX4eY5fZ6gA7hB8iC9jD0kE1";
        assertThat(Errors.shown("/app/remote/ingest/" + key + "/event")).isEqualTo("/app/remote/ingest/<redacted>/event")
                .doesNotContain(key.substring(0, 24));
        assertThat(Errors.shown("/app/transcripts/api/segment/20240510/090500_300"))
                .isEqualTo("/app/transcripts/api/segment/20240510/090500_300");
    }
}
