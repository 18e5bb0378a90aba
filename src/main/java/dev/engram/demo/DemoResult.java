package dev.engram.demo;

import java.nio.file.Path;

/**
 * What {@link DemoGenerator#generate} did: whether it wrote a journal or found the demo journal already there, and
 * the size of the journal (counted on disk afterwards). {@code interrupted}: the folder held a demo journal whose
 * generation had been interrupted, and it was regenerated.
 */
public record DemoResult(Path root, boolean created, DemoSpec spec, int days, int segments, int facets, int todos,
                         long files, long bytes, double seconds, boolean interrupted) {
}
