/**
 * Live Events (⚡): every bus event as it arrives, newest first. The page subscribes with the shell's
 * {@code window.appEvents.listen('*', cb)} (Convey's SSE stream); the server side has no routes or state.
 *
 * <p>Threading and failure: nothing runs on the server. In the page the list is bounded (500 entries, oldest
 * dropped), pausing buffers at most as many events, and an event that is not an object is shown as raw JSON.
 */
package dev.engram.apps.live;
