package dev.engram.convey;

import dev.engram.journal.Journal;
import dev.engram.journal.JournalConfig;
import io.javalin.http.Context;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Runs before every request: ensures the CSRF cookie, checks the CSRF token and Origin of state-changing requests,
 * sends visitors to setup while no password exists, and requires a session unless the localhost bypass applies.
 */
final class Guard {
    static final String CSRF_COOKIE = Convey.CSRF_COOKIE;
    static final String SESSION_COOKIE = Convey.SESSION_COOKIE;
    static final String CSRF_ATTR = "engram.csrf";
    private final Journal journal;
    private final Sessions sessions;

    Guard(Journal journal, Sessions sessions) {
        this.journal = journal;
        this.sessions = sessions;
    }

    void before(Context ctx) {
        String token = ensureCsrfCookie(ctx);
        String path = ctx.path();
        if (path.startsWith("/static/") || path.equals("/favicon.ico")) {
            return;
        }
        if (Requests.isStateChanging(ctx)) {
            checkCsrf(ctx, token);
        }
        if (path.equals("/login") || path.equals("/setup") || path.equals("/logout")) {
            return;
        }
        // requireConfig: a journal.json that cannot be read is refused (409, naming it), never taken for "no password"
        JournalConfig.ConveySettings settings = journal.requireConfig().convey();
        if (!settings.hasPassword()) {
            deny(ctx, "/setup", "setup_required", "no password is set yet: open Convey from this computer or run 'engram password'");
            return;
        }
        if (authenticated(ctx, settings)) {
            return;
        }
        String next = ctx.queryString() == null ? path : path + "?" + ctx.queryString();
        deny(ctx, "/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8), "auth_required", "log in first");
    }

    boolean authenticated(Context ctx, JournalConfig.ConveySettings settings) {
        if (sessions.touch(Requests.cookie(ctx, SESSION_COOKIE), Passwords.fingerprint(settings))) {
            return true;
        }
        return settings.trustLocalhost() && Requests.isLocal(ctx);
    }

    static String csrf(Context ctx) {
        String t = ctx.attribute(CSRF_ATTR);
        return t == null ? "" : t;
    }

    private static void deny(Context ctx, String location, String reason, String message) {
        if (Requests.wantsJson(ctx) || !ctx.method().name().equals("GET")) {
            throw new ApiError(401, reason, message);
        }
        ctx.redirect(location);
        ctx.skipRemainingHandlers();
    }

    private static String ensureCsrfCookie(Context ctx) {
        Optional<String> existing = Requests.cookie(ctx, CSRF_COOKIE).filter(Tokens::wellFormed);
        String token = existing.orElseGet(Tokens::random);
        if (existing.isEmpty()) {
            Requests.setCookie(ctx, CSRF_COOKIE, token, false, "Strict", -1);
        }
        ctx.attribute(CSRF_ATTR, token);
        return token;
    }

    private static void checkCsrf(Context ctx, String cookieToken) {
        String origin = ctx.header("Origin");
        if (origin != null && !sameHost(origin, ctx.header("Host"))) {
            throw new ApiError(403, "csrf_failed", "the request's Origin does not match this server");
        }
        boolean hadCookie = Requests.cookie(ctx, CSRF_COOKIE).filter(Tokens::wellFormed).isPresent();
        String sent = ctx.header(Convey.CSRF_HEADER);
        if (sent == null && isForm(ctx)) {
            sent = ctx.formParam(Convey.CSRF_FIELD);
        }
        if (!hadCookie || sent == null || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                cookieToken.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiError(403, "csrf_failed", "missing or wrong CSRF token: reload the page and try again");
        }
    }

    private static boolean isForm(Context ctx) {
        String type = ctx.contentType();
        return type != null && (type.startsWith("application/x-www-form-urlencoded")
                || type.startsWith("multipart/form-data"));
    }

    private static boolean sameHost(String origin, String host) {
        if (host == null) {
            return false;
        }
        try {
            URI u = URI.create(origin);
            if (u.getHost() == null) {
                return false;
            }
            String originHost = u.getPort() == -1 ? u.getHost() : u.getHost() + ":" + u.getPort();
            return originHost.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
