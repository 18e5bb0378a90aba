/**
 * Callosum, the event bus that connects Engram's parts: newline-delimited JSON messages ({@link
 * dev.engram.callosum.Message}, string {@code tract} and {@code event}) over a Unix domain socket at
 * {@code <journal>/health/callosum.sock} (or {@code --socket PATH} / {@code ENGRAM_CALLOSUM_SOCKET}), wire-compatible
 * with the reference system.
 *
 * <h2>Server ({@link dev.engram.callosum.CallosumServer})</h2>
 * <ul>
 *   <li>The socket is created with mode 0600 (bound inside a private folder, then renamed into place). A stale socket
 *       file is removed at start; a live bus or a file that is not a socket is never replaced. The socket is removed
 *       at stop. Paths over 107 bytes fail with a message naming {@code --socket} and the environment variable.</li>
 *   <li>Each valid line is validated with a streaming parse and broadcast as the bytes the client sent, with
 *       {@code ,"ts":<epoch ms>} spliced in when {@code ts} is absent ({@code ts} is never overwritten). It is not
 *       re-serialized: it is copied straight into the write batch of every client that has nothing queued or being
 *       written ahead of it, and for the other clients one {@code byte[]} is made and shared by their queues.</li>
 *   <li>Invalid JSON, non-objects, missing or non-string {@code tract}/{@code event}, blank lines and lines over the
 *       limit (1 MiB by default) are dropped and counted by reason, with warnings limited to one per 5 s. The
 *       connection stays open. An over-long line is discarded up to its newline without being buffered. Input is
 *       split into lines as bytes and decoded per line, so UTF-8 characters split across reads are fine.</li>
 * </ul>
 *
 * <h2>Threads</h2>
 * <ul>
 *   <li>Server: three platform threads, however many clients. {@code callosum-accept} accepts; {@code callosum-io}
 *       serves every client through one {@link java.nio.channels.Selector}: non-blocking 64 KB reads scanned for
 *       {@code '\n'}, validation and fan-out, then for each client non-blocking writes (64 KB batches) of what is
 *       waiting for it until its socket would block; such a client gets write interest and is written when it
 *       drains, so no client ever blocks the thread. {@code callosum-ticker} disconnects stalled clients and writes the counters
 *       to {@code callosum.json} (atomically, at most once a second and only when changed, plus at start and
 *       stop). A message therefore costs one thread wake-up in the server, not one per client (see the Callosum
 *       section of {@code docs/benchmarks.md}).</li>
 *   <li>Order: acceptance and fan-out happen under one lock (a counter increment and, per client, an append to its
 *       write batch or one non-blocking queue offer), so every client sees the same global order, the sender
 *       included. {@link dev.engram.callosum.CallosumServer#publish} takes the same lock and wakes the I/O
 *       thread.</li>
 *   <li>Client ({@link dev.engram.callosum.CallosumClient}): a writer thread that owns connecting (lazily, at most
 *       once a second) and drains the bounded send queue in batches; a reader thread per connection that calls the
 *       callback. A slow callback delays only later callbacks, never sending.</li>
 * </ul>
 *
 * <h2>Failure rules and memory</h2>
 * <ul>
 *   <li>Every client has a bounded outgoing queue (16384 messages and 32 MiB by default) plus one 64 KB write batch.
 *       When the queue is full, that client misses the message (counted as {@code undelivered}); if it stays full
 *       for the grace period (2 s) the client is disconnected with a log line ({@code clients_dropped}). Other
 *       clients are unaffected.</li>
 *   <li>At most 1024 clients (more are refused with a log line); lines are bounded; nothing grows without bound.</li>
 *   <li>Delivery is best effort: no acknowledgements, no persistence, no replay. Messages in flight when a connection
 *       or the server closes are lost. A client keeps emits queued while disconnected (up to its queue size) and
 *       sends them after reconnecting; {@code emit} returns false when the queue is full or the client stopped.</li>
 * </ul>
 *
 * <p>Clients write non-ASCII characters as {@code \\uXXXX} escapes, because reference servers decode each 4 KB read
 * separately and would drop a connection on a split character.
 */
package dev.engram.callosum;
