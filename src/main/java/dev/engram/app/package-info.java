/**
 * Apps, services and the app event framework (the Java form of the reference's {@code apps/events.py}).
 *
 * <h2>Concept</h2>
 * <ul>
 * <li>A {@link dev.engram.app.Service} is a long-running part (the bus, the dispatcher, Convey, later an index or
 * an agent runner) with a name, {@code start}, {@code stop}, a {@link dev.engram.app.Health} (up, degraded, down,
 * detail, facts) and the names it {@code dependsOn}. The one {@link dev.engram.app.Lifecycle}, built only by the
 * composition root, starts services in dependency order, stops them in reverse and reports their health
 * ({@link dev.engram.app.HealthReport}: {@code /health}, {@code health/engram.json} via
 * {@link dev.engram.app.HealthFile}). Services and apps find each other in-process through the typed
 * {@link dev.engram.app.ServiceRegistry} ({@code context.service(Searcher.class)}), not over the bus.</li>
 * <li>{@link dev.engram.app.BurstHold} is the one rule by which derived work (the index, sense) yields to a burst of
 * captures: it holds while arrivals come faster than 8 in 250 ms, until 250 ms quiet or at most 10 s, then takes
 * everything that waits.</li>
 * <li>The shared {@link dev.engram.app.Scheduler} ({@link dev.engram.app.TaskScheduler}, registered as a service)
 * runs fixed-rate tasks and daily tasks at a local time, catching up a daily run missed while Engram was off.</li>
 * <li>The {@link dev.engram.app.Supervisor} (the {@code supervisor} service, added last) restarts a started service
 * whose health turns down ({@link dev.engram.app.Lifecycle#restart}; backoff 0, 1, 5 s; given up after N failed
 * restarts with an error {@code health.notice}), sends {@code supervisor.status} every 5 s and a notice when an
 * observer goes stale or comes back; {@link dev.engram.app.SupervisorApp} answers {@code supervisor.restart} and
 * {@code supervisor.request} on the bus.</li>
 * <li>An {@link dev.engram.app.App} is a named part started once with the one {@link dev.engram.app.AppContext}
 * (journal, non-blocking emit, services, scheduler). Built-in apps are listed explicitly by the composition root;
 * external app jars are found with {@link java.util.ServiceLoader} by {@link dev.engram.app.ExternalApps#load}, which
 * logs and skips a broken provider. Both go through the same path. An app reacts to bus events with public instance
 * methods {@code void m(EventContext ctx)} annotated {@link dev.engram.app.OnEvent @OnEvent(tract, event)}, where
 * {@code "*"} matches anything; the annotation repeats.</li>
 * </ul>
 *
 * <p>{@link dev.engram.app.EventDispatcher#register} scans each app <em>once</em>: it checks the app name (valid and
 * unique), validates every annotated method (exactly one {@link dev.engram.app.EventContext} parameter, void, public,
 * not static, non-blank tract and event), then calls {@link dev.engram.app.App#start} <em>without holding any
 * lock</em>, and only then gives the app its lane and publishes a new immutable dispatch table. A bad app is refused
 * as a whole, with messages naming {@code Class#method} and the fix; the outcome is a value
 * ({@link dev.engram.app.RegistrationReport}) and other apps always still load.
 *
 * <p>Matching follows the reference: the handlers of {@code (tract, event)}, then {@code (tract, *)}, then
 * {@code (*, event)}, then {@code (*, *)}; within a pattern, in registration order (apps in list order, methods by
 * name, annotations in declaration order). A handler declared for several matching patterns runs once per match.
 *
 * <h2>Threads and ordering</h2>
 * <ul>
 * <li>{@link dev.engram.app.EventDispatcher#dispatch} (called on the bus client's reader thread) looks up the
 * matching handlers, offers the event to the <b>lane</b> of each app that has some, and returns at once.</li>
 * <li>Each app has its own lane: a bounded queue (10,000 events by default), a thread {@code event-lane-<app>} taking
 * the app's events in arrival order, and a worker pool {@code event-<app>-N} (4 by default, made on demand). The lane
 * submits the app's handlers of one event to its pool and waits for each in turn (up to the handler timeout each, as
 * the reference does) before taking the next event. So an app's handlers of one event may run concurrently, its next
 * event starts only after they finished or timed out, and a slow app never delays another app.</li>
 * <li>The {@link dev.engram.app.Lifecycle} starts and stops services on the caller's thread; it writes the health
 * snapshot on {@code engram-health}. The scheduler looks at its clock on {@code engram-scheduler} and runs each task
 * on its own daemon thread {@code task-<name>} (not a virtual thread: a task must run even when blocked virtual
 * threads hold every carrier). The supervisor ticks (and restarts, one service at a time) on
 * {@code engram-supervisor}.</li>
 * </ul>
 *
 * <h2>Failures</h2>
 * <ul>
 * <li><b>Handler exceptions</b> are logged (ERROR, naming app and {@code Class#method}) and counted; they never
 * affect other handlers or events.</li>
 * <li><b>Timeouts</b> (30 s by default): the lane logs a WARN naming app and handler and moves on; the handler keeps
 * running (Java cannot safely kill it). So that stuck handlers cannot take the app's whole pool, it grows by one
 * thread per timed-out handler still running, up to {@code maxExtraWorkers} (16 by default), and shrinks when they
 * end.</li>
 * <li><b>Lane overflow</b> is never silent: the new event is dropped and {@code dispatch} returns false; the drop is
 * counted per app ({@link dev.engram.app.LaneStats#dropped}), logged at most every 10 s per app, announced at the
 * same rate as the bus event {@code {"tract":"health","event":"notice","source":"app.<name>","level":"warn",
 * "message":..}} (the Convey shell shows it), shown as degraded health for a minute ({@code /health},
 * {@code engram status}), and told to the app: {@link dev.engram.app.App#eventsDropped} with the number dropped, on
 * its lane thread before its next event. Events offered before {@code start} or after {@code stop} are refused and
 * counted.</li>
 * <li><b>Stop</b> refuses new events, lets each lane's event in hand finish, discards queued events (counted), waits
 * up to {@code stopTimeout} for running handlers and then interrupts them, and finally calls each app's
 * {@link dev.engram.app.App#stop} in reverse order.</li>
 * <li><b>Services</b>: a duplicate name, a missing dependency or a cycle is a
 * {@link dev.engram.app.ServiceException} before anything starts; a failing start stops what had started and
 * rethrows the cause; stop goes on past failures and throws the first with the others suppressed (all logged). A
 * service that fails later (health down) is restarted by the supervisor; its dependants keep running (they hold the
 * same object). A restart whose start throws leaves it down ({@code restart failed: ..}) until the next try.</li>
 * <li><b>Scheduled tasks</b> that throw are logged, counted and shown in the scheduler's health; the scheduler goes
 * on. A run still going when the next is due makes that run skip (counted).</li>
 * </ul>
 * Event delivery is therefore <b>best effort</b>, as on the reference bus, but never silently lossy: an event may be
 * dropped (full lane, stop) and a handler may still be running when the next event arrives. Handlers should be quick,
 * idempotent and tolerate missed events; long work belongs on the app's own executor or the scheduler. See
 * {@link dev.engram.app.DispatchStats} for counters.
 */
package dev.engram.app;
