/**
 * The composition root: {@link dev.engram.boot.Engram} builds the journal's parts and hands them, as services, to the
 * one {@link dev.engram.app.Lifecycle}: {@code scheduler}, {@code callosum} (bus server), {@code bus-client},
 * {@code journal-feed} (the journal's change feed as {@code journal.changed} bus events, all but {@code app_file}), {@code apps} (the event dispatcher: DevApp when logging at DEBUG, the built-in web apps and ServiceLoader apps, each started once with the
 * one {@link dev.engram.app.AppContext}) and {@code convey} (built with every started web app). Only this package
 * builds the lifecycle, the registry and the scheduler (the architecture test checks it).
 *
 * <p><b>Threading:</b> start and close run on the caller's thread; every service runs its own threads. Bus messages
 * reach the browsers and the app lanes on the bus client's reader thread, which only enqueues (never blocks).
 *
 * <p><b>Failure rules:</b> the journal is checked writable first, and what crashed writers left in its staging folder
 * is removed (logged). A service that fails to start makes the lifecycle
 * stop the ones started before it, and the error names the cause (port in use, socket path too long). Close stops the
 * services in reverse order (Convey, apps, journal feed, bus client, bus, scheduler), each one even when another throws; failures
 * are logged. {@code health/engram.json} is rewritten every 5 s while running and marked not running at stop (after the
 * writer finished). {@code health/} is resolved through the journal's real-path check ({@code Journal.healthFile}):
 * a symbolic link leading it outside the journal is refused at start. Each consumer of a bus message (web, apps) is
 * guarded on its own (failures counted, logged at most every 10 s). When the bus dies by itself,
 * {@link dev.engram.boot.Engram#fatal()} names the cause and the fix; {@code engram start} stops the rest and exits 1.
 */
package dev.engram.boot;
