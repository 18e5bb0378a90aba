package dev.engram.convey;

import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Facts about a request: loopback without proxy headers, JSON or HTML, cookies. */
final class Requests {
    static final List<String> PROXY_HEADERS = List.of("X-Forwarded-For", "X-Real-IP", "X-Forwarded-Host", "Forwarded");
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
        for (String h : PROXY_HEADERS) {
            if (ctx.header(h) != null) {
                return false;
            }
        }
        return isLoopbackLiteral(client(ctx)) && loopbackHost(ctx.header("Host"));
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

    /** JSON for {@code /api/…}, {@code /app/<x>/api/…}, {@code /sse/…} or a client that asks for JSON only. */
    static boolean wantsJson(Context ctx) {
        String path = ctx.path();
        if (path.startsWith("/api/") || path.equals("/api") || path.startsWith("/sse/") || APP_API.matcher(path).matches()) {
            return true;
        }
        String accept = Optional.ofNullable(ctx.header("Accept")).orElse("");
        return accept.contains("application/json") && !accept.contains("text/html");
    }

    static Optional<String> cookie(Context ctx, String name) {
        return Optional.ofNullable(ctx.cookie(name)).filter(v -> !v.isEmpty());
    }

    /** Adds a Set-Cookie header; {@code maxAgeSeconds < 0} makes a browser-session cookie. */
    static void setCookie(Context ctx, String name, String value, boolean httpOnly, String sameSite, long maxAgeSeconds) {
        StringBuilder c = new StringBuilder(name).append('=').append(value).append("; Path=/");
        if (maxAgeSeconds >= 0) {
            c.append("; Max-Age=").append(maxAgeSeconds);
        }
        if (httpOnly) {
            c.append("; HttpOnly");
        }
        c.append("; SameSite=").append(sameSite);
        ctx.res().addHeader("Set-Cookie", c.toString());
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
