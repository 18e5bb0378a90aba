package dev.engram.observe.tmux;

import java.util.List;

/**
 * What the observer is doing, for the status events a remote observer relays ({@code tmux} in the reference's
 * {@code observe.status}: {@code capturing}, {@code captures}, {@code sessions}, {@code window_elapsed_seconds}).
 *
 * @param capturing false in the last status, sent when the observer stops
 * @param captures  successful captures since start
 * @param sessions  the sessions captured last
 * @param windowElapsedSeconds seconds since the current segment started
 */
record TmuxStatus(boolean capturing, long captures, List<String> sessions, long windowElapsedSeconds) {
    TmuxStatus {
        sessions = List.copyOf(sessions);
    }
}
