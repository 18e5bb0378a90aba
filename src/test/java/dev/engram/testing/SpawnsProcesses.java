package dev.engram.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a test class (or method) that starts other processes (a child JVM, python3): it runs in the slow phase (tag
 * {@value #TAG}), after the fast unit and route tests have passed. Classes of this phase still run in parallel with
 * each other; one that must not (CPU-bound, timing-sensitive) adds {@code @Isolated} with a comment why.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(SpawnsProcesses.TAG)
public @interface SpawnsProcesses {
    String TAG = "process";
}
