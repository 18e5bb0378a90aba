package dev.engram.index.api;

/**
 * How a {@link SearchQuery} finds chunks: by words (BM25), by meaning (nearest chunk embeddings, cosine) or both fused
 * by reciprocal rank fusion. A query without a mode is hybrid where the index holds vectors, keyword otherwise.
 */
public enum SearchMode {
    KEYWORD, SEMANTIC, HYBRID;

    /** The lower-case name used by the CLI and JSON ({@code keyword}, {@code semantic}, {@code hybrid}). */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses a wire name (any case); throws {@link IllegalArgumentException} naming the choices. */
    public static SearchMode parse(String s) {
        for (SearchMode m : values()) {
            if (m.name().equalsIgnoreCase(s == null ? "" : s.strip())) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown search mode '" + s + "': use keyword, semantic or hybrid");
    }
}
