package dev.engram.archfixture.cortex;

import dev.engram.archfixture.index.Internal;

/** Fixture: reaches into index past its api package (breaks the rule). */
public class ReachesIn {
    String peek() {
        return Internal.secret();
    }
}
