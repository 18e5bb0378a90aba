package dev.engram.convey;

import io.javalin.http.Context;

/**
 * The headers every response carries. The Content-Security-Policy allows scripts, styles, fonts, frames and
 * connections (the live stream) from this server only, images from this server or {@code data:} URLs, and no
 * inline script, inline style element or attribute, {@code eval}, plugin or framing. Pages therefore keep every
 * script and style in {@code /static/...} files; scripts may still set {@code element.style.x} (the CSSOM is not
 * restricted).
 */
final class SecurityHeaders {
    static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private SecurityHeaders() {
    }

    static void apply(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("Cross-Origin-Opener-Policy", "same-origin");
    }
}
