package dev.engram.mcp.api;

import java.util.Objects;

/** A token just created, with its secret: show it to the owner once (it is not stored). */
public record NewMcpToken(McpToken token, String secret) {
    public NewMcpToken {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(secret, "secret");
    }

    @Override
    public String toString() {
        return "NewMcpToken[" + token + ", secret hidden]";
    }
}
