package dev.engram.archfixture.index;

/** Fixture: an implementation detail of index. */
public class Internal {
    public static String secret() {
        return "x";
    }
}
