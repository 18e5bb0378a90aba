package dev.engram.testing;

/**
 * Seeds for tests that use {@link java.util.Random}: printed, so a failure can be replayed with
 * {@code bin/test -Dtest=TheTest -Dengram.test.seed=N} (the seed is in target/surefire-reports/TheTest-output.txt).
 * jqwik properties print their own seed and need none of this.
 */
public final class Seeds {
    /** The system property that replays a seed. */
    public static final String PROPERTY = "engram.test.seed";

    private Seeds() {
    }

    /** {@code -Dengram.test.seed} if given, else a fresh seed; printed with the test's name either way. */
    public static long fresh(String test) {
        return pick(test, System.nanoTime());
    }

    /** {@code -Dengram.test.seed} if given, else {@code fixed} (a regression seed); printed either way. */
    public static long fixed(String test, long fixed) {
        return pick(test, fixed);
    }

    private static long pick(String test, long otherwise) {
        String given = System.getProperty(PROPERTY);
        long seed = given == null || given.isBlank() ? otherwise : Long.parseLong(given.strip());
        System.out.println("seed of " + test + ": " + seed + " (replay: -D" + PROPERTY + "=" + seed + ")");
        return seed;
    }
}
