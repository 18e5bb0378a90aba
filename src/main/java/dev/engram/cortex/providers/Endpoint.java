package dev.engram.cortex.providers;

import java.util.Optional;

/**
 * One configured provider: a name the owner chose (or the kind's name when detected from the environment), its wire
 * protocol, base URL, key and default model. {@link #toString()} never shows the key.
 *
 * @param keySource where the key comes from, for messages ("the OPENAI_API_KEY environment variable"), never the key
 */
record Endpoint(String name, ProviderKind kind, String baseUrl, Optional<String> key, String keySource,
                Optional<String> model) {

    @Override
    public String toString() {
        return "Endpoint[" + name + ", " + kind.id + ", " + baseUrl + ", key " + (key.isPresent() ? "from "
                + keySource : "none") + model.map(m -> ", model " + m).orElse("") + "]";
    }
}
