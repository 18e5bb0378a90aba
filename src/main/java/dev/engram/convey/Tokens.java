package dev.engram.convey;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/** Random 256-bit tokens (session ids, CSRF tokens) as URL-safe base64 without padding. */
final class Tokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");

    private Tokens() {
    }

    static String random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static boolean wellFormed(String token) {
        return token != null && SHAPE.matcher(token).matches();
    }
}
