package dev.engram.archfixture.index.api;

/** Fixture: a record in an api package (allowed). */
public record Hit(String path) {
}
