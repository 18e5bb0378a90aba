package dev.engram.archfixture.index.api;

/** Fixture: an unchecked exception in an api package (allowed: part of the contract). */
public class SearchFailed extends RuntimeException {
    public SearchFailed(String message) {
        super(message);
    }
}
