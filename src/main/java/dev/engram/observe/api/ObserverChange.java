package dev.engram.observe.api;

/**
 * An observer after a revoke, disable or enable, and whether that changed it: asking again for what already holds
 * (revoke twice, disable a disabled observer) writes nothing, and callers log an action only for a change.
 */
public record ObserverChange(Observer observer, boolean changed) {
}
