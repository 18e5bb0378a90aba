package dev.engram.convey;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Facts about a request: loopback without proxy headers, JSON or HTML, cookies. */
final class Requests {
    /** Headers that proxies and CDNs add; any of them (or any {@code X-Forwarded-*}, {@code *-IP}) means "not local". */
    static final List<String> PROXY_HEADERS = List.of("X-Forwarded-For", "X-Real-IP", "X-Forwarded-Host", "Forwarded",
            "X-Forwarded-Proto", "Via", "X-Client-IP", "True-Client-IP", "CF-Connecting-IP", "Fastly-Client-IP",
            "X-Cluster-Client-IP", "Client-IP", "X-Original-Forwarded-For", "CDN-Loop", "CF-Ray", "X-Envoy-External-Address");
    /** Request attribute (Boolean) set by the guard: whether {@code convey.tls_proxy} is on. */
    static final String TLS_PROXY_ATTR = "engram.tlsProxy";
    private static final Pattern APP_API = Pattern.compile("^/app/[^/]+/api(/.*)?$");
    private static final Pattern IP_LITERAL = Pattern.compile("^[0-9a-fA-F:.\\[\\]%]+$");

    private Requests() {
    }

    /** The peer's address as seen by the socket (never a forwarded header). */
    static String client(Context ctx) {
        String addr = ctx.req().getRemoteAddr();
        return addr == null ? "" : addr;
    }

    /** From a loopback address, to a loopback host name, and with none of the proxy headers. */
    static boolean isLocal(Context ctx) {
        if (viaProxy(ctx)) {
            return false;
        }
        return isLoopbackLiteral(client(ctx)) && loopbackHost(ctx.header("Host"));
    }

    /**
     * Whether the request carries any header a reverse proxy or CDN adds: those of {@link #PROXY_HEADERS}, any
     * {@code X-Forwarded-*} and any name ending in {@code -IP}. A reverse proxy in front of Engram must set one
     * (e.g. {@code X-Forwarded-For}), or its requests look local.
     */
    static boolean viaProxy(Context ctx) {
        var names = ctx.req().getHeaderNames();
        while (names.hasMoreElements()) {
            String n = names.nextElement().toLowerCase(java.util.Locale.ROOT);
            if (n.startsWith("x-forwarded-") || n.endsWith("-ip") || n.equals("forwarded") || n.equals("via")
                    || PROXY_HEADERS.stream().anyMatch(h -> h.equalsIgnoreCase(n))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The Host header names this machine ({@code localhost}, {@code 127.x.x.x}, {@code [::1]}), so a page of another
     * site whose name was rebound to 127.0.0.1 (DNS rebinding) does not count as local.
     */
    static boolean loopbackHost(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        String name = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1)
                : host.contains(":") ? host.substring(0, host.lastIndexOf(':')) : host;
        return name.equalsIgnoreCase("localhost") || isLoopbackLiteral(name);
    }

    private static boolean isLoopbackLiteral(String addr) {
        if (!IP_LITERAL.matcher(addr).matches()) {
            return false;
        }
        try {
            return InetAddress.getByName(addr.replace("[", "").replace("]", "")).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * JSON for {@code /api/…}, {@code /app/<x>/api/…}, {@code /sse/…}, the observer protocols' routes
     * ({@code /app/observer/…}, {@code /app/remote/ingest/…}: programs that parse the answer, never a browser), or a
     * client that asks for JSON only.
     */
    static boolean wantsJson(Context ctx) {
        String path = ctx.path();
        if (path.startsWith("/api/") || path.equals("/api") || path.startsWith("/sse/") || APP_API.matcher(path).matches()
                || path.startsWith("/app/observer/") || path.startsWith("/app/remote/ingest/")) {
            return true;
        }
        String accept = Optional.ofNullable(ctx.header("Accept")).orElse("");
        return accept.contains("application/json") && !accept.contains("text/html");
    }

    static Optional<String> cookie(Context ctx, String name) {
        return Optional.ofNullable(ctx.cookie(name)).filter(v -> !v.isEmpty());
    }

    /**
     * Sets a cookie on path {@code /} with Javalin's cookie API; {@code maxAgeSeconds < 0} makes a browser-session
     * cookie. It is {@code Secure} when the request came over TLS (see {@link #overTls}).
     */
    static void setCookie(Context ctx, String name, String value, boolean httpOnly, SameSite sameSite,
                          long maxAgeSeconds) {
        int maxAge = (int) Math.min(Integer.MAX_VALUE, maxAgeSeconds);
        ctx.cookie(new Cookie(name, value, "/", maxAge, overTls(ctx), httpOnly, null, sameSite));
    }

    /**
     * Whether the browser reached us over TLS: the connection itself is TLS, or {@code convey.tls_proxy} is on in
     * {@code config/journal.json} and the proxy said {@code X-Forwarded-Proto: https} (the header is ignored
     * otherwise, since any client could send it).
     */
    static boolean overTls(Context ctx) {
        if ("https".equalsIgnoreCase(ctx.scheme())) {
            return true;
        }
        Boolean trusted = ctx.attribute(TLS_PROXY_ATTR);
        return Boolean.TRUE.equals(trusted) && "https".equalsIgnoreCase(
                Optional.ofNullable(ctx.header("X-Forwarded-Proto")).orElse("").split(",")[0].strip());
    }

    /** A body of type {@code application/x-www-form-urlencoded} (never multipart). */
    static boolean isUrlencodedForm(Context ctx) {
        String type = ctx.header("Content-Type");
        return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    static boolean isStateChanging(Context ctx) {
        String m = ctx.method().name();
        return m.equals("POST") || m.equals("PUT") || m.equals("PATCH") || m.equals("DELETE");
    }

    /**
     * A local redirect target: a path on this server (one leading '/', no scheme, no authority), else "/". Control
     * characters and whitespace are refused too: browsers drop tabs and newlines, turning {@code /\t/evil.com} into
     * {@code //evil.com}.
     */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\")
                || next.chars().anyMatch(c -> c < 0x20 || c == 0x7f || Character.isWhitespace(c))) {
            return "/";
        }
        try {
            URI u = new URI(next);
            return u.getScheme() == null && u.getRawAuthority() == null ? next : "/";
        } catch (URISyntaxException e) {
            return "/";
        }
    }
}
