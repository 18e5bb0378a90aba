package dev.engram.convey;

import dev.engram.journal.InvalidNameException;
import dev.engram.journal.OutsideJournalException;
import dev.engram.journal.UnreadableFileException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.eclipse.jetty.http.BadMessageException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns failures into responses: JSON {@code {"error", "reason_code"}} for API paths, the error page otherwise.
 * Unexpected exceptions answer 500 with a generic message and are logged with the request line; a Jackson failure is
 * one of them (a request body that is not JSON is already a 400 {@code invalid_json} from {@link JsonIo#body}, so any
 * Jackson exception that gets here is a server-side bug, e.g. a value that cannot be serialized).
 */
final class Errors {
    private static final Logger LOG = LoggerFactory.getLogger(Errors.class);
    private final Templates templates;
    private final ClientErrorLog clientErrors = new ClientErrorLog(Duration.ofSeconds(10), Clock.systemUTC());

    Errors(Templates templates) {
        this.templates = templates;
    }

    void register(RoutesConfig routes) {
        routes.exception(ApiError.class,
                (e, ctx) -> respond(ctx, e.status(), e.reasonCode(), e.getMessage(), e.detail()));
        routes.exception(InvalidNameException.class, (e, ctx) -> respond(ctx, 400, "invalid_name", e.getMessage()));
        routes.exception(UnreadableFileException.class,
                (e, ctx) -> respond(ctx, 409, "unreadable_file", e.getMessage()));
        routes.exception(OutsideJournalException.class,
                (e, ctx) -> respond(ctx, 409, "outside_journal", e.getMessage()));
        routes.exception(HttpResponseException.class,
                (e, ctx) -> respond(ctx, e.getStatus(), reason(e.getStatus()), message(e)));
        routes.exception(Exception.class, (e, ctx) -> {
            if (clientFault(e, ctx)) {
                return;
            }
            LOG.error("{} {} failed", ctx.method(), shown(ctx.path()), e);
            respond(ctx, 500, "internal_error", "internal error (details are in the server log)");
        });
    }

    /** Long token-like path segments (observers' keys travel in SEED ingest paths), so no key reaches a log. */
    private static final java.util.regex.Pattern TOKEN = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{24,}");

    /** A request path as logged: every segment that looks like a key replaced by {@code <redacted>}. */
    static String shown(String path) {
        return TOKEN.matcher(path).replaceAll("<redacted>");
    }

    /**
     * A failure caused by a malformed request rather than by us: an unknown charset in {@code Content-Type} (415) or a
     * body Jetty cannot parse, such as broken multipart (400). Answered with a reason code and logged as one
     * rate-limited line.
     */
    private boolean clientFault(Exception e, Context ctx) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnsupportedCharsetException || t instanceof IllegalCharsetNameException
                    || t instanceof UnsupportedEncodingException) {
                clientErrors.report("unsupported_charset", ctx.method() + " " + shown(ctx.path()), t.toString());
                respond(ctx, 415, "unsupported_charset", "the request's charset is not supported: send UTF-8");
                return true;
            }
            if (t instanceof BadMessageException || t.getClass().getName().contains("MultiPart")) {
                clientErrors.report("malformed_body", ctx.method() + " " + shown(ctx.path()), t.toString());
                respond(ctx, 400, "malformed_body", "the request body could not be read: " + why(t));
                return true;
            }
        }
        return false;
    }

    /** The parser's own reason (without Jetty's status prefix), printable, at most 120 characters, else its kind. */
    static String why(Throwable t) {
        String m = t.getMessage() == null ? "" : t.getMessage().lines().findFirst().orElse("")
                .replaceAll("[^\\x20-\\x7e]", "?").replaceFirst("^\\d{3}: ", "").strip();
        if (m.isEmpty()) {
            return t.getClass().getSimpleName();
        }
        return m.length() > 120 ? m.substring(0, 117) + "..." : m;
    }

    void respond(Context ctx, int status, String reason, String message) {
        respond(ctx, status, reason, message, null);
    }

    private void respond(Context ctx, int status, String reason, String message, String detail) {
        // a refused request's unread body must not cost the client this answer, nor hold it while a large one arrives
        RequestBodies.settle(ctx, RequestBodies.drainable(ctx));
        if (Requests.wantsJson(ctx)) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", message);
            body.put("reason_code", reason);
            if (detail != null) {
                body.put("detail", detail);
            }
            ctx.status(status).json(body);
        } else {
            templates.html(ctx, status, "error.jte", Map.of("status", status, "message", message));
        }
    }

    private static String message(HttpResponseException e) {
        return switch (e.getStatus()) {
            case 404 -> "not found";
            case 405 -> "method not allowed";
            default -> e.getMessage() == null || e.getMessage().isBlank() ? "request failed" : e.getMessage();
        };
    }

    static String reason(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "auth_required";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "too_large";
            case 415 -> "unsupported_media_type";
            case 429 -> "rate_limited";
            default -> status >= 500 ? "internal_error" : "request_failed";
        };
    }
}
