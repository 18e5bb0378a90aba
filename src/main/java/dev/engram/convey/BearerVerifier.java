package dev.engram.convey;

import java.util.Optional;

/**
 * Checks the bearer token of a request to a {@link Access#BEARER} route. Convey looks the verifier up at request time
 * (see {@link Convey.Builder#bearer}), so a service that issues API keys can register one after Convey started.
 * Implementations store only hashes of the keys and compare in constant time; {@link BearerKeys} is one.
 * Called on request threads: implementations are thread-safe and do not block for long.
 */
@FunctionalInterface
public interface BearerVerifier {
    /** The name of the client the token belongs to (e.g. {@code observer:laptop}), or empty when it is not valid. */
    Optional<String> verify(String token);
}
