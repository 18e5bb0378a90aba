package dev.engram.convey;

import dev.engram.journal.Journal;
import dev.engram.journal.JournalConfig;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The owner's password: stored as {@code pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>} (PBKDF2WithHmacSHA256,
 * random 16-byte salt), compared in constant time. Never stored or logged in plain text. New hashes use
 * {@value #ITERATIONS} iterations (OWASP's current advice for PBKDF2-HMAC-SHA256); a hash with fewer, or a legacy
 * plaintext password, is replaced at the next successful login ({@link #needsRehash}).
 *
 * <p>The work factor can be changed with the environment variable {@value #ITERATIONS_VARIABLE} (read once per
 * process): more is slower and stronger; fewer, down to {@value #MIN_ITERATIONS}, is for test suites (as Django's and
 * Rails' test set-ups lower theirs: one login costs 0.2-0.4 s of CPU at the default) and is logged as a warning. A hash
 * made with fewer iterations is replaced at the first login of a process without the variable.
 */
public final class Passwords {
    public static final int MIN_LENGTH = 8;
    static final int ITERATIONS = 600_000;
    static final int MIN_ITERATIONS = 1_000;
    static final String ITERATIONS_VARIABLE = "ENGRAM_PASSWORD_ITERATIONS";
    private static final Logger LOG = LoggerFactory.getLogger(Passwords.class);
    private static final String PREFIX = "pbkdf2-sha256";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int CURRENT = workFactor(System.getenv(ITERATIONS_VARIABLE));

    private Passwords() {
    }

    /** A new salted hash of the password. */
    public static String hash(char[] password) {
        return hash(password, CURRENT);
    }

    /** The iterations of new hashes: {@value #ITERATIONS} unless {@value #ITERATIONS_VARIABLE} says otherwise. */
    static int iterations() {
        return CURRENT;
    }

    /**
     * The work factor {@code setting} (the variable's value, or null) asks for: {@value #ITERATIONS} when unset, else
     * the whole number it holds if at least {@value #MIN_ITERATIONS}; anything else is ignored with a warning.
     */
    static int workFactor(String setting) {
        if (setting == null || setting.isBlank()) {
            return ITERATIONS;
        }
        try {
            int iterations = Integer.parseInt(setting.strip());
            if (iterations >= MIN_ITERATIONS) {
                if (iterations < ITERATIONS) {
                    LOG.warn("{}={}: new password hashes are weaker than the advised {} iterations (for tests only)",
                            ITERATIONS_VARIABLE, iterations, ITERATIONS);
                }
                return iterations;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        LOG.warn("{} ignored: \"{}\" is not a whole number of at least {}; passwords are hashed with {} iterations",
                ITERATIONS_VARIABLE, setting.strip(), MIN_ITERATIONS, ITERATIONS);
        return ITERATIONS;
    }

    static String hash(char[] password, int iterations) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        byte[] hash = pbkdf2(password, salt, iterations);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PREFIX + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /** Whether the password matches a stored hash; false for a malformed hash. */
    public static boolean verify(char[] password, String stored) {
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals(PREFIX)) {
            return false;
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            if (iterations < 1 || expected.length == 0) {
                return false;
            }
            return MessageDigest.isEqual(pbkdf2(password, salt, iterations, expected.length * 8), expected);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether the stored password should be hashed again: plaintext, another format, or fewer iterations than now. */
    static boolean needsRehash(JournalConfig.ConveySettings settings) {
        if (settings.passwordHash().isEmpty()) {
            return true;
        }
        String[] parts = settings.passwordHash().get().split("\\$");
        try {
            return parts.length != 4 || !parts[0].equals(PREFIX) || Integer.parseInt(parts[1]) < CURRENT;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** Whether {@code given} is the owner's password: its salted hash, or a legacy plaintext one. */
    public static boolean matches(char[] given, JournalConfig.ConveySettings settings) {
        if (settings.passwordHash().isPresent()) {
            return verify(given, settings.passwordHash().get());
        }
        return settings.password().map(p -> matchesPlain(given, p)).orElse(false);
    }

    /**
     * A fingerprint of the stored password (hash or legacy plaintext), kept by sessions so that a password change
     * ends them; empty text when no password is set.
     */
    static String fingerprint(JournalConfig.ConveySettings settings) {
        String stored = settings.passwordHash().or(settings::password).orElse("");
        if (stored.isEmpty()) {
            return "";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(stored.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available in this JDK", e);
        }
    }

    /** Constant-time comparison with a legacy plaintext password. */
    private static boolean matchesPlain(char[] password, String plain) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] given = new byte[encoded.remaining()];
        encoded.get(given);
        return MessageDigest.isEqual(given, plain.getBytes(StandardCharsets.UTF_8));
    }

    /** Throws {@link ConveyException} saying why the password is not acceptable. */
    public static void requireAcceptable(char[] password) {
        if (password.length < MIN_LENGTH) {
            throw new ConveyException("the password must have at least " + MIN_LENGTH + " characters");
        }
        if (new String(password).isBlank()) {
            throw new ConveyException("the password must not be blank");
        }
    }

    /** Checks, hashes and stores the owner's password in {@code config/journal.json}, dropping any plaintext one. */
    public static void set(Journal journal, char[] password) {
        requireAcceptable(password);
        String hash = hash(password);
        journal.updateConfig(c -> c.withConvey(c.convey().withPasswordHash(hash)));
    }

    private static byte[] pbkdf2(char[] password, byte[] salt, int iterations) {
        return pbkdf2(password, salt, iterations, 256);
    }

    private static byte[] pbkdf2(char[] password, byte[] salt, int iterations, int bits) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bits);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }
}
