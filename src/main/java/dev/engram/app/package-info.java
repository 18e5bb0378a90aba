/**
 * Apps and the app event framework (the Java form of the reference's {@code apps/events.py}).
 *
 * <h2>Concept</h2>
 * An {@link dev.engram.app.App} is a named part with a lifecycle. Built-in apps are listed explicitly by the
 * composition root ({@code List.of(new DevApp(), ...)}); optional external app jars are found with
 * {@link java.util.ServiceLoader} by {@link dev.engram.app.ExternalApps#load}, which logs and skips a broken provider.
 * An app reacts to bus events with public instance methods {@code void m(EventContext ctx)} annotated
 * {@link dev.engram.app.OnEvent @OnEvent(tract, event)}, where {@code "*"} matches anything; the annotation repeats.
 *
 * <p>{@link dev.engram.app.EventDispatcher#register} scans each app <em>once</em>: it checks the app name (valid and
 * unique), validates every annotated method (exactly one {@link dev.engram.app.EventContext} parameter, void, public,
 * not static, non-blank tract and event), then calls {@link dev.engram.app.App#start} with an
 * {@link dev.engram.app.AppContext} (journal, non-blocking emit over the composition root's
 * {@link dev.engram.callosum.Emitter}), and only then publishes a new immutable dispatch table. A bad app is refused as
 * a whole, with messages naming {@code Class#method} and the fix; the outcome is a value
 * ({@link dev.engram.app.RegistrationReport}) and other apps always still load.
 *
 * <p>Matching follows the reference: the handlers of {@code (tract, event)}, then {@code (tract, *)}, then
 * {@code (*, event)}, then {@code (*, *)}; within a pattern, in registration order (apps in list order, methods by
 * name, annotations in declaration order). A handler declared for several matching patterns runs once per match.
 *
 * <h2>Threads and ordering</h2>
 * <ul>
 * <li>{@link dev.engram.app.EventDispatcher#dispatch} (called from the bus client's thread) only offers the event to
 * the dispatcher's own bounded queue and returns at once: a slow handler never delays reading the bus or anyone
 * else's delivery.</li>
 * <li>One thread, {@code event-dispatcher}, takes events in arrival order, submits all handlers of an event to the
 * handler pool ({@code event-handler-N}, 4 by default) and waits for each in turn (up to the handler timeout each,
 * as the reference does) before taking the next event. So the handlers of one event may run concurrently with each
 * other, but the handlers of the next event start only after every handler of this one has finished or timed out.</li>
 * </ul>
 *
 * <h2>Failures</h2>
 * <ul>
 * <li><b>Exceptions</b> from a handler are logged (ERROR, naming app and {@code Class#method}) and counted; they never
 * affect other handlers or events.</li>
 * <li><b>Timeouts</b> (30 s by default): the dispatcher logs a WARN naming app and handler and moves on; the handler
 * keeps running (Java cannot safely kill it). So that stuck handlers cannot take the whole pool, it grows by one
 * thread per timed-out handler still running, up to {@code maxExtraWorkers} (16 by default), and shrinks when they
 * end; beyond that, new handlers wait for a free thread (logged at ERROR).</li>
 * <li><b>Overflow</b>: when the queue (10,000 by default) is full, {@code dispatch} drops the event and returns false;
 * drops are counted and logged at most every 10 s, never silent. Events offered before {@code start} or after
 * {@code stop} are refused and counted too.</li>
 * <li><b>Stop</b> refuses new events, lets the event in hand finish, discards queued events not yet started
 * (counted), waits up to {@code stopTimeout} for running handlers and then interrupts them, and finally calls each
 * app's {@link dev.engram.app.App#stop} in reverse order.</li>
 * </ul>
 * Delivery is therefore <b>best effort</b>, as on the reference bus: an event may be dropped (full queue, stop) and a
 * handler may still be running when the next event arrives. Handlers should be quick, idempotent and tolerate
 * missed events; long work belongs on the app's own executor. See {@link dev.engram.app.DispatchStats} for counters.
 */
package dev.engram.app;
