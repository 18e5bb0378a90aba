package dev.engram.convey;

import dev.engram.journal.Journal;

/**
 * Ready-made hashes of the tests' passwords, made once with {@link Passwords#hash(char[])} at the
 * {@value Passwords#MIN_ITERATIONS} iterations the test forks ask for ({@code ENGRAM_PASSWORD_ITERATIONS} in the pom's
 * surefire set-up, so no login there rehashes them): a test that needs a password stores one instead of hashing it,
 * and a login verifies it in a millisecond instead of 0.2-0.4 s of CPU (half of the fast phase's CPU before, see
 * docs/testing.md). Outside the pom's forks (an IDE without the variable) the first login replaces it with a full one.
 */
public final class TestPasswords {
    /** {@link ConveyFixture#PASSWORD}. */
    public static final String CORRECT_HORSE =
            "pbkdf2-sha256$1000$EoWp16bH1d558uTB+/oX3g$JyWjEkQ3k3/TMmiS176fPc4USVQ3dblihLgr8BIOWg0";
    /** {@code "apps test password"} ({@code dev.engram.apps.support.AppServer.PASSWORD}). */
    public static final String APPS_TEST =
            "pbkdf2-sha256$1000$l+GOXzNzr1DfA+Mzn+X03w$Fv/5T8q2H1l4ZJa7/fAnaMusj7xTGG5xLhwBM9zGMpg";

    private TestPasswords() {
    }

    /** Stores a hash as the owner's password, as {@link Passwords#set} would after hashing. */
    public static void store(Journal journal, String hash) {
        journal.updateConfig(c -> c.withConvey(c.convey().withPasswordHash(hash)));
    }
}
