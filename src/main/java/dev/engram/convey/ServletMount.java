package dev.engram.convey;

import jakarta.servlet.http.HttpServlet;
import java.util.Objects;

/**
 * A servlet another part of Engram serves on Convey's port (e.g. the MCP server's streamable HTTP endpoint at
 * {@code /mcp}), mounted in Javalin's Jetty beside Convey's routes; the composition root passes it to
 * {@link Convey.Builder#servlets}. Convey's guard does not run for it: the servlet authenticates its own requests.
 *
 * @param pathSpec a servlet path spec such as {@code /mcp/*}; it must not be {@code /} or {@code /*} (Convey's own)
 */
public record ServletMount(String pathSpec, HttpServlet servlet) {
    public ServletMount {
        Objects.requireNonNull(pathSpec, "pathSpec");
        Objects.requireNonNull(servlet, "servlet");
        if (!pathSpec.startsWith("/") || pathSpec.equals("/") || pathSpec.equals("/*")) {
            throw new IllegalArgumentException("a servlet mount needs its own path such as /mcp/*, not '" + pathSpec
                    + "'");
        }
    }
}
