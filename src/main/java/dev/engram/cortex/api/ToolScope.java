package dev.engram.cortex.api;

/** What a caller may do with the journal through tools: only read, or read and write. */
public enum ToolScope {
    READ,
    WRITE
}
