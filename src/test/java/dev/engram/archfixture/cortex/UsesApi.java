package dev.engram.archfixture.cortex;

import dev.engram.archfixture.index.api.Hit;
import dev.engram.archfixture.index.api.SearchFailed;
import dev.engram.archfixture.index.api.Searcher;

/** Fixture: uses index only through its api package (allowed). */
public class UsesApi {
    Hit ask(Searcher s) {
        new ReachesIn(); // its own package: allowed
        try {
            return s.search("q");
        } catch (SearchFailed e) {
            return new Hit("");
        }
    }
}
