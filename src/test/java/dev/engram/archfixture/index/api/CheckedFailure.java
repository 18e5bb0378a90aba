package dev.engram.archfixture.index.api;

/** Fixture: a checked exception in an api package (breaks the rule: only unchecked exceptions are allowed). */
public class CheckedFailure extends Exception {
    public CheckedFailure(String message) {
        super(message);
    }
}
