package dev.engram.convey;

import dev.engram.journal.JournalConfig;
import dev.engram.journal.UnreadableFileException;
import io.javalin.http.Context;
import io.javalin.http.SameSite;
import io.javalin.security.RouteRole;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Runs before requests. {@link #before} (every request, static files included): the security headers and the CSRF
 * cookie. {@link #beforeMatched} (every request that matched a route): the route's declared {@link Access} decides;
 * there are no path lists here. A route without a declaration is {@link Access#SESSION}.
 */
final class Guard {
    static final String CSRF_COOKIE = Convey.CSRF_COOKIE;
    static final String SESSION_COOKIE = Convey.SESSION_COOKIE;
    static final String CSRF_ATTR = "engram.csrf";
    static final String CALLER_ATTR = "engram.caller";
    static final String ADMITTED_ATTR = "engram.admitted";
    private final ConfigCache config;
    private final Sessions sessions;
    private final Supplier<Optional<BearerVerifier>> bearer;

    Guard(ConfigCache config, Sessions sessions, Supplier<Optional<BearerVerifier>> bearer) {
        this.config = config;
        this.sessions = sessions;
        this.bearer = bearer;
    }

    void before(Context ctx) {
        SecurityHeaders.apply(ctx);
        ctx.attribute(Requests.TLS_PROXY_ATTR, tlsProxy());
        ensureCsrfCookie(ctx);
    }

    /**
     * Whether the owner declared a TLS proxy in front of Convey. A journal.json that cannot be read counts as no: the
     * routes that need the config then answer 409 naming the file, while static files and error pages still load.
     */
    private boolean tlsProxy() {
        try {
            return config.convey().extra().get("tls_proxy").map(n -> n.isBoolean() && n.booleanValue()).orElse(false);
        } catch (UnreadableFileException e) {
            return false;
        }
    }

    void beforeMatched(Context ctx) {
        Set<Access> access = declared(ctx.routeRoles());
        boolean changing = Requests.isStateChanging(ctx);
        if (access.contains(Access.PUBLIC)) {
            if (changing) {
                checkCsrf(ctx);
            }
            return;
        }
        if (access.contains(Access.KEY)) {
            ctx.attribute(ADMITTED_ATTR, Access.KEY); // the handler checks the key itself
            return;
        }
        Optional<String> token = bearerToken(ctx);
        if (access.contains(Access.BEARER) && token.isPresent()) {
            checkBearer(ctx, token.get());
            ctx.attribute(ADMITTED_ATTR, Access.BEARER);
            return;
        }
        if (access.contains(Access.LOOPBACK) && Requests.isLocal(ctx) && !crossSite(ctx)) {
            ctx.attribute(ADMITTED_ATTR, Access.LOOPBACK);
            return;
        }
        if (access.contains(Access.SESSION)) {
            if (changing && access.contains(Access.LOOPBACK) && Requests.cookie(ctx, SESSION_COOKIE).isEmpty()
                    && !Requests.isLocal(ctx)) {
                // a program (no session cookie) that is not local: the CSRF check would fail, but that is not why
                throw new ApiError(403, "not_local", "Without login this is accepted only from this computer"
                        + " (no proxy headers)", "log in to Convey and send the session cookie, or send the request"
                        + " on the computer that runs Engram to a loopback address, not through a proxy");
            }
            if (changing) {
                checkCsrf(ctx);
            }
            requireSession(ctx);
            ctx.attribute(ADMITTED_ATTR, Access.SESSION);
            return;
        }
        if (access.contains(Access.LOOPBACK)) {
            throw new ApiError(403, "loopback_only", "this route answers only programs on the computer that runs Engram");
        }
        if (bearer.get().isEmpty()) {
            throw new ApiError(401, "bearer_unavailable", "no token verifier is registered: API keys are not set up");
        }
        ctx.header("WWW-Authenticate", "Bearer");
        throw new ApiError(401, "bearer_required", "send the API key as 'Authorization: Bearer <key>'");
    }

    static Set<Access> declared(Set<RouteRole> roles) {
        Set<Access> out = EnumSet.noneOf(Access.class);
        for (RouteRole r : roles) {
            if (r instanceof Access a) {
                out.add(a);
            }
        }
        if (out.isEmpty()) {
            out.add(Access.SESSION);
        }
        return out;
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

    private void requireSession(Context ctx) {
        JournalConfig.ConveySettings settings = config.convey();
        if (!settings.hasPassword()) {
            deny(ctx, "/setup", "setup_required", "no password is set yet: open Convey from this computer or run 'engram password'");
            return;
        }
        if (authenticated(ctx, settings)) {
            return;
        }
        String path = ctx.path();
        String next = ctx.queryString() == null ? path : path + "?" + ctx.queryString();
        deny(ctx, "/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8), "auth_required", "log in first");
    }

    private void checkBearer(Context ctx, String token) {
        BearerVerifier verifier = bearer.get().orElseThrow(() -> new ApiError(401, "bearer_unavailable",
                "no token verifier is registered: API keys are not set up"));
        Optional<String> caller = verifier.verify(token);
        if (caller.isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            throw new ApiError(401, "invalid_token", "the bearer token is not valid");
        }
        ctx.attribute(CALLER_ATTR, caller.get());
    }

    private static Optional<String> bearerToken(Context ctx) {
        String h = ctx.header("Authorization");
        if (h == null || h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String t = h.substring(7).strip();
        return t.isEmpty() ? Optional.empty() : Optional.of(t);
    }

    private static boolean keyHeader(Context ctx) {
        return bearerToken(ctx).isPresent() || ctx.header("X-Solstone-Observer") != null;
    }

    /** A browser says the request came from another site (or the Origin is not this server). */
    private static boolean crossSite(Context ctx) {
        String site = ctx.header("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return true;
        }
        String origin = ctx.header("Origin");
        return origin != null && !sameHost(origin, ctx.header("Host"));
    }

    private static void deny(Context ctx, String location, String reason, String message) {
        if (Requests.wantsJson(ctx) || !ctx.method().name().equals("GET")) {
            throw new ApiError(401, reason, message);
        }
        ctx.redirect(location);
        ctx.skipRemainingHandlers();
    }

    /**
     * Gives a browser its CSRF token (cookie and request attribute). A request that carries a key in a header
     * ({@code Authorization: Bearer}, {@code X-Solstone-Observer}) comes from a program, not a page: it gets no new
     * token, so an observer's thousands of uploads do not each draw a random token and a {@code Set-Cookie} it never
     * sends back (docs/benchmarks.md "Remote ingest, round 5"). A cookie it does send is still honoured.
     */
    private static void ensureCsrfCookie(Context ctx) {
        Optional<String> existing = Requests.cookie(ctx, CSRF_COOKIE).filter(Tokens::wellFormed);
        if (existing.isEmpty() && keyHeader(ctx)) {
            return;
        }
        String token = existing.orElseGet(Tokens::random);
        if (existing.isEmpty()) {
            Requests.setCookie(ctx, CSRF_COOKIE, token, false, SameSite.STRICT, -1);
        }
        ctx.attribute(CSRF_ATTR, token);
    }

    /**
     * The token must come in header {@code X-CSRF-Token}, or in field {@code _csrf} of a urlencoded form. A multipart
     * body is never parsed here (that would read a whole upload before authentication): multipart requests send the
     * header.
     */
    private static void checkCsrf(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin != null && !sameHost(origin, ctx.header("Host"))) {
            throw new ApiError(403, "csrf_failed", "the request's Origin does not match this server", "a page of"
                    + " another site may not send requests here; this server's own pages may, and so may programs that"
                    + " send no Origin header");
        }
        Optional<String> cookie = Requests.cookie(ctx, CSRF_COOKIE).filter(Tokens::wellFormed);
        String sent = ctx.header(Convey.CSRF_HEADER);
        if (sent == null && Requests.isUrlencodedForm(ctx)) {
            sent = ctx.formParam(Convey.CSRF_FIELD);
        }
        if (cookie.isEmpty() || sent == null || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                cookie.get().getBytes(StandardCharsets.UTF_8))) {
            throw new ApiError(403, "csrf_failed", "missing or wrong CSRF token: reload the page and try again");
        }
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
