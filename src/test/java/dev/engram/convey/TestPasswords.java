package dev.engram.convey;

import dev.engram.journal.Journal;

/**
 * Ready-made hashes of the tests' passwords, at the production {@value Passwords#ITERATIONS} iterations (so no login
 * rehashes them), made once with {@link Passwords#hash(char[])}: a test that needs a password stores one instead of
 * paying a 600,000-iteration PBKDF2 per test. Production code has no cheaper path; logins still verify at full cost.
 */
public final class TestPasswords {
    /** {@link ConveyFixture#PASSWORD}. */
    public static final String CORRECT_HORSE =
            "pbkdf2-sha256$600000$Sg/Fz/15tcC8MPP4OTDv1A$98awqBu51iqlju82i8UZbGDyPw6zu/NcwbpHtPYH+78";
    /** {@code "apps test password"} ({@code dev.engram.apps.support.AppServer.PASSWORD}). */
    public static final String APPS_TEST =
            "pbkdf2-sha256$600000$pdTFim5gIiD5fwkl7xoiKQ$ZLlDCYTfzd4SqHRuEDutN4hQDK/rU9mmTRherntC4KE";

    private TestPasswords() {
    }

    /** Stores a hash as the owner's password, as {@link Passwords#set} would after hashing. */
    public static void store(Journal journal, String hash) {
        journal.updateConfig(c -> c.withConvey(c.convey().withPasswordHash(hash)));
    }
}
