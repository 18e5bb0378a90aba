package dev.engram.convey;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link BearerVerifier} over SHA-256 hashes of API keys (keys are random, so a fast hash suffices; the keys
 * themselves are never stored). A presented token is hashed and compared with every stored hash in constant time.
 * Immutable and thread-safe.
 */
public final class BearerKeys implements BearerVerifier {
    private final Map<String, byte[]> hashes = new LinkedHashMap<>();

    /** @param hashesByClient client name to the lowercase hex SHA-256 of its key (see {@link #hash}) */
    public BearerKeys(Map<String, String> hashesByClient) {
        hashesByClient.forEach((client, hex) -> {
            byte[] h = HexFormat.of().parseHex(hex);
            if (h.length != 32) {
                throw new IllegalArgumentException("the key hash of " + client + " is not a SHA-256 hash");
            }
            hashes.put(client, h);
        });
    }

    /** The lowercase hex SHA-256 of a key, as stored. */
    public static String hash(String key) {
        return HexFormat.of().formatHex(sha256(key));
    }

    @Override
    public Optional<String> verify(String token) {
        byte[] given = sha256(token);
        String found = null;
        for (Map.Entry<String, byte[]> e : hashes.entrySet()) {
            if (MessageDigest.isEqual(given, e.getValue()) && found == null) {
                found = e.getKey();
            }
        }
        return Optional.ofNullable(found);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available in this JDK", e);
        }
    }
}
