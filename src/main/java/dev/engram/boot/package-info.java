/**
 * The composition root: {@link dev.engram.boot.Engram} builds and wires the journal, the Callosum bus, the app event
 * dispatcher, the built-in apps (one explicit list) and Convey into one running service.
 *
 * <p><b>Threading:</b> start and close run on the caller's thread; every part runs its own threads. Bus messages
 * reach the browsers and the dispatcher on the bus client's reader thread, which only enqueues (never blocks).
 *
 * <p><b>Failure rules:</b> a part that fails to start stops the parts started before it, and the error names the
 * cause (port in use, journal not writable, socket path too long). Close stops parts in reverse order: Convey, the bus
 * client, the dispatcher (waiting a bounded time for running handlers), then the bus, which removes its socket.
 */
package dev.engram.boot;
