/**
 * Convey, the web UI: a shell (menu bar, facet pills, date navigator, notifications) around pluggable
 * {@link dev.engram.convey.ConveyApp}s, authentication, and the live event stream to browsers.
 *
 * <h2>Concept</h2>
 * {@link dev.engram.convey.Convey} is built with the journal, host and port, the apps and an emitter (a
 * {@link dev.engram.callosum.Emitter} that hands a message to the bus). {@code start()} starts each app with an
 * {@link dev.engram.app.AppContext}, registers its routes under {@code /app/<name>} and serves the shell at
 * {@code GET /app/<name>/} (and {@code /app/<name>/<YYYYMMDD>} for date-navigating apps): the app's workspace
 * template is rendered with one parameter {@code page} and placed inside {@code shell.jte}. The composition root calls
 * {@code publish(Message)} for every bus message; it reaches every logged-in browser through {@code /sse/events}.
 * {@code GET /api/facets} gives the shell's scripts the facet list to redraw the pills live. The page's scripts
 * ({@code /static/convey/convey.js}, {@code dates.js}, {@code facets.js}, {@code notices.js}) give app scripts
 * {@code engram.api}, the locale date helpers ({@code engram.formatDay} and the rest), {@code appEvents},
 * {@code AppServices}, the facet selection, and show bus {@code health.notice} events as notifications (docs/apps.md).
 * Apps build their routes with {@link dev.engram.convey.Params} (HTTP parameters to validated journal names, or a 400
 * with a reason code), {@link dev.engram.convey.JsonIo} (JSON bodies) and {@link dev.engram.convey.Markdown} (markdown
 * to HTML with raw HTML escaped and unsafe links removed); day APIs read through {@link dev.engram.convey.ReadWarnings} and answer partial results with
 * {@code "warnings":[{file, line, message}]} instead of failing for one unreadable file. A journal
 * {@code UnreadableFileException} answers 409 {@code unreadable_file}, an {@code OutsideJournalException} 409
 * {@code outside_journal}; a {@code config/journal.json} that cannot be read refuses every page (409, naming the
 * file and the fix) rather than reading as "no password".
 *
 * <h2>Security</h2>
 * <ul>
 *   <li>The password is a PBKDF2-SHA256 hash in {@code config/journal.json} ({@link dev.engram.convey.Passwords});
 *       a legacy plaintext {@code convey.password} is replaced by a hash at the first successful login. Until a
 *       password exists every page leads to {@code /setup}, which only a loopback request without proxy headers may
 *       submit.</li>
 *   <li>Sessions: random 256-bit ids in the HttpOnly, SameSite=Lax cookie {@code engram_session}, kept in memory
 *       (30 days idle, at most 1000); a password change ends every session. Failed logins are limited per peer address (5 per 5 minutes, then 429).</li>
 *   <li>CSRF: every response ensures the cookie {@code engram_csrf} (SameSite=Strict, readable by scripts); every
 *       POST/PUT/PATCH/DELETE must echo it in header {@code X-CSRF-Token} or form field {@code _csrf}, and an
 *       {@code Origin} header, when present, must match {@code Host}. Pages carry it as
 *       {@code <meta name="csrf-token">}; {@code engram.api(method, url, body)} in {@code /static/convey/convey.js}
 *       sends it.</li>
 *   <li>Localhost bypass only with {@code convey.trust_localhost: true} and a loopback peer without any of
 *       {@code X-Forwarded-For}, {@code X-Real-IP}, {@code X-Forwarded-Host}, {@code Forwarded}.</li>
 * </ul>
 *
 * <h2>Threading</h2>
 * Requests run on Jetty's request threads; handlers must not keep request state in fields. Each connected browser
 * has one virtual sender thread that drains its bounded queue (256) and writes heartbeats; {@code publish} only
 * offers to the queues and never blocks, and a browser whose queue overflows is disconnected and counted.
 * Sessions, the login limiter and the subscriber set are thread-safe.
 *
 * <h2>Failures</h2>
 * JSON paths ({@code /api/…}, {@code /app/<x>/api/…}, {@code /sse/…}, or {@code Accept: application/json}) answer
 * {@code {"error", "reason_code"}} with the status of an {@link dev.engram.convey.ApiError}, 400 for invalid JSON or
 * names, 404 for unknown routes, and 500 with a generic message (the exception is logged) for anything else; other
 * paths get {@code error.jte}. Start-up problems are {@link dev.engram.convey.ConveyException}s with one line, e.g.
 * a port in use. Secrets (passwords, session ids, CSRF tokens) are never logged.
 */
package dev.engram.convey;
