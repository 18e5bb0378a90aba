/**
 * Shared test support. {@link dev.engram.testing.HttpSession}: a cookie-jar HTTP client that speaks Convey's CSRF and
 * login protocol. {@link dev.engram.testing.Browser}: a fresh window of the one headless Debian chromium a test JVM
 * shares ({@link dev.engram.testing.SharedChromium}, started once, quit at JVM exit). The test phases:
 * {@link dev.engram.testing.UsesBrowser} and {@link dev.engram.testing.SpawnsProcesses} put a class in the slow phase
 * that runs after the fast one has passed. {@link dev.engram.testing.BulkJournal}: test journals without fsync where
 * durability is not under test. {@link dev.engram.testing.Seeds}: printed, replayable seeds for random tests.
 * {@link dev.engram.testing.DocScreenshots}: the program behind {@code bin/screenshots}.
 *
 * <p>Threading: test classes run in parallel (see junit-platform.properties); everything here is safe for that.
 * The shared chromium is lent to one {@code Browser} at a time.
 */
package dev.engram.testing;
