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
 *   <li>Server: three platform threads, however many clients. {@code callosum-accept} ({@code Acceptor}) accepts; {@code callosum-io}
 *       serves every client through one {@link java.nio.channels.Selector}: non-blocking 64 KB reads scanned for
 *       {@code '\n'}, validation and fan-out, then for each client non-blocking writes (64 KB batches) of what is
 *       waiting for it until its socket would block; such a client gets write interest and is written when it
 *       drains, so no client ever blocks the thread (while some client is behind, it stops reading: see flow control
 *       below). {@code callosum-ticker} ({@code Ticker}) disconnects stalled clients and writes the counters
 *       to {@code callosum.json} (atomically, at most once a second and only when changed, plus at start and
 *       stop). Writes of that file are serialized, each through a temp file of its own; {@code close} stops the
 *       ticker and waits for it before the final write ({@code running: false}), after which nothing is written.
 *       {@link dev.engram.callosum.BusStatus} refuses a {@code callosum.json} over 1 MiB and says why. A message therefore costs one thread wake-up in the server, not one per client (see the Callosum
 *       section of {@code docs/benchmarks.md}).</li>
 *   <li>Order: acceptance and fan-out happen under one lock (a counter increment and, per client, an append to its
 *       write batch or one non-blocking queue offer), so every client sees the same global order, the sender
 *       included. {@link dev.engram.callosum.CallosumServer#publish} takes the same lock and wakes the I/O
 *       thread; while producers are held back it waits too.</li>
 *   <li>Client ({@link dev.engram.callosum.CallosumClient}): a writer thread that owns connecting (lazily, at most
 *       once a second) and drains the bounded send queue in batches; a reader thread per connection that calls the
 *       callback for every message, in order. A slow callback delays only later callbacks, never sending; the reader
 *       reads only as fast as the callback returns, so the bus holds producers back rather than lose messages.</li>
 * </ul>
 *
 * <h2>Delivery rule and flow control</h2>
 * <ul>
 *   <li>A connected client receives every message, in the global order, or it is disconnected (and, reconnecting,
 *       knows it may have missed some: {@link dev.engram.callosum.CallosumClient#connectionsLost()}). No message is
 *       skipped for a client that stays connected.</li>
 *   <li>Every client has an outgoing queue with a limit (16384 messages or 32 MiB by default) plus one 64 KB write
 *       batch. A client whose queue reaches the limit is <em>behind</em>: the I/O thread then reads from no client
 *       (their input waits in the producers' socket buffers and their clients' own bounded send queues, so producers
 *       slow down) and {@code publish} waits, until every behind client has drained to half its limit. A read that
 *       began before the pause can add one read's lines (at most {@code 64 KB / 24} messages) past the limit; the
 *       queue keeps room for them. Should even that room run out, the client is disconnected (counted, logged at
 *       ERROR), never left connected with a gap.</li>
 *   <li>The stall clock runs only while a client is behind and restarts at every write that moves bytes to it: a
 *       slow but steady reader is never cut (the whole bus moves at its pace), a reader that caught up is never cut
 *       on a quiet bus. A client that took nothing for the grace period (2 s) while behind is disconnected with a
 *       warning ({@code clients_dropped}; what was queued for it counts as {@code undelivered}); producers are held
 *       back until then and the others get everything. The stall is checked again under the order lock at the
 *       moment of the cut, so a client that caught up meanwhile stays.</li>
 *   <li>A failed {@code accept} (EMFILE "too many open files", ECONNABORTED, any other I/O error) is logged (at most
 *       once per 5 s, with the count suppressed) and retried after 100 ms: connected clients keep being served. Only
 *       a listener closed under the server, or an unexpected runtime error, ends the accept thread.</li>
 *   <li>If the I/O thread (or the accept thread) dies, the server closes: clients are disconnected, the socket file
 *       is removed, the error is logged at ERROR and kept ({@link dev.engram.callosum.CallosumServer#isRunning()},
 *       {@link dev.engram.callosum.CallosumServer#failure()}), so health reports can say why the bus stopped.</li>
 * </ul>
 *
 * <h2>Failure rules and memory</h2>
 * <ul>
 *   <li>At most 1024 clients (more are refused with a log line); lines are bounded; nothing grows without bound.</li>
 *   <li>Beyond the rule above there are no acknowledgements, no persistence, no replay. Messages in flight when a connection
 *       or the server closes are lost. A client keeps emits queued while disconnected (up to its queue size) and
 *       sends them after reconnecting; {@code emit} returns false when the queue is full (counted:
 *       {@link dev.engram.callosum.CallosumClient#sendDropped()}) or the client stopped.</li>
 * </ul>
 *
 * <p>Clients write non-ASCII characters as {@code \\uXXXX} escapes, because reference servers decode each 4 KB read
 * separately and would drop a connection on a split character.
 */
package dev.engram.callosum;
