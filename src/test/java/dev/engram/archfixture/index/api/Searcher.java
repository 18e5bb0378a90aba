package dev.engram.archfixture.index.api;

/** Fixture: a service interface another service package may use. */
public interface Searcher {
    Hit search(String q);
}
