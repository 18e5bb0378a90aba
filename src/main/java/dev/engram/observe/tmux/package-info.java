/**
 * The local tmux observer ({@code engram observe tmux}): captures every tmux session with an attached, recently
 * active client ({@code list-clients}, {@code list-windows}, {@code list-panes}, {@code capture-pane -p -e}) every
 * interval, keeps a frame when a session changed, and cuts a segment every segment length into
 * {@code tmux_<session>_screen.jsonl} files of the reference tmux observer's frame format. A segment goes either into
 * the local journal ({@code journal.stageSegment()}, then {@code observe.observing} on the bus when it is reachable)
 * or into a bounded on-disk queue of its destination ({@link dev.engram.observe.tmux.QueueFolders}: one per
 * {@code --remote} URL) uploaded to that Engram over the later observer protocol (through
 * {@code cortex.api.Outbound}), retried with backoff and checked against the server's segment list so nothing is
 * uploaded twice. In remote mode the observer's status is relayed as {@code observe.status} to the server's
 * {@code /app/observer/ingest/event} at start, every 10 s, when the captured sessions change and at stop; in local
 * mode the same {@code observe.status} (with {@code observer: "tmux-local"}) goes on the bus
 * ({@link dev.engram.observe.tmux.StatusRelay} times both).
 * One observer per tmux server and journal: the command holds the journal's app lock
 * {@link dev.engram.observe.tmux.TmuxObserver.Settings#lockName()} while it runs, and a second is refused.
 *
 * <p>Threading: {@link dev.engram.observe.tmux.TmuxObserver#run} captures on the calling thread; the remote sink
 * uploads on one daemon thread; the status is sent from another ({@code tmux-status}) in both modes;
 * {@link dev.engram.observe.tmux.TmuxObserver#stop} (any thread, the CLI's shutdown hook) kills a tmux call in flight.
 * Failures: every tmux call is bounded as a whole in time (5 s, from its start to its exit; its output goes to a
 * temporary file, never a pipe a hung server could hold open) and output (4 MiB); past the bound the call is killed
 * with its descendants and fails. A tmux failure is reported once per distinct message (a hung server once) and
 * capture goes on at the next interval; a session that closed during a capture is skipped, another failure of one
 * session does not drop the others, a timeout ends that capture. A segment that cannot be made durable is reported
 * and counted; unreachable servers are retried, refused segments are set aside with the reason, never deleted; a
 * failed status relay is logged and never stops capture.
 */
package dev.engram.observe.tmux;
