package dev.engram.demo;

/** Told after each day is written; called from worker threads, one call at a time. */
@FunctionalInterface
public interface DemoProgress {
    DemoProgress NONE = (done, total) -> { };

    void dayWritten(int done, int total);
}
