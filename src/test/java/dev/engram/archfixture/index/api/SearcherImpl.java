package dev.engram.archfixture.index.api;

/** Fixture: a class in an api package (breaks the "interfaces and records only" rule). */
public class SearcherImpl implements Searcher {
    @Override
    public Hit search(String q) {
        return new Hit(q);
    }
}
