package dev.engram.convey;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/**
 * What an error answer does with the request body it did not read. A connection closed with unread bytes in its
 * receive buffer is reset, and a reset can take the answer with it before the client read it; a connection that Jetty
 * closes after an answer without saying so is reused by the client for its next request, which then sees no answer
 * at all ("header parser received no bytes", seen in CI after a 403 and a 413 on requests with a body). So before an
 * error is answered, what is left of the body is read and dropped, up to {@link #DRAIN_BYTES}; when some of it may
 * still be unread, the answer says {@code Connection: close}. Called on the request's thread before the answer is
 * written; failures to read mean the client went away, and the answer is still sent.
 */
public final class RequestBodies {
    /** At most this much of an unread request body is read and dropped before an error is answered. */
    public static final int DRAIN_BYTES = 1024 * 1024;

    private RequestBodies() {
    }

    /**
     * Reads and drops the rest of the body (at most {@link #DRAIN_BYTES}); with {@code drain} false (a body refused on
     * its declared length, too large to read) reads nothing. Sets {@code Connection: close} unless the whole body was
     * read.
     */
    public static void settle(Context ctx, boolean drain) {
        if (!drain || !drained(ctx)) {
            ctx.header("Connection", "close");
        }
    }

    /**
     * Whether the rest of the body may be drained before an error answer: declared at most {@link #DRAIN_BYTES} (or
     * chunked), and not waiting for {@code 100 Continue} (reading would ask the client for a body that is refused).
     * A larger declared body is answered at once, with {@code Connection: close}, rather than held while it arrives.
     */
    public static boolean drainable(Context ctx) {
        return ctx.req().getContentLengthLong() <= DRAIN_BYTES
                && !"100-continue".equalsIgnoreCase(ctx.header("Expect"));
    }

    private static boolean drained(Context ctx) {
        try {
            InputStream in = ctx.req().getInputStream();
            byte[] buf = new byte[8192];
            long left = DRAIN_BYTES;
            int n;
            while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
                left -= n;
            }
            return left > 0 || in.read() < 0;
        } catch (IOException | RuntimeException e) {
            return false; // the client went away or its body broke off: nothing left to keep the connection for
        }
    }
}
