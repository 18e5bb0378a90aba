package dev.engram.journal;

import java.nio.file.Path;

/**
 * Child process of {@link FacetCreateCrashTest}: creates facets {@code f<n>}, {@code f<n+1>}... with title
 * {@code Title <n>} through the journal API (fsynced) until killed, printing "started" once.
 */
public final class FacetCreateChild {
    private FacetCreateChild() {
    }

    public static void main(String[] args) {
        Journal journal = Journal.open(Path.of(args[0]));
        int first = Integer.parseInt(args[1]);
        System.out.println("started");
        System.out.flush();
        for (int i = first; ; i++) {
            Facet f = Facet.named("f" + i).withTitle("Title " + i);
            journal.facetStore("f" + i).create(f);
        }
    }
}
