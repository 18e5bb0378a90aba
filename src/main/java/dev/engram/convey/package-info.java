/**
 * Convey, the web UI: a shell (menu bar, facet pills, date navigator, notifications) around pluggable
 * {@link dev.engram.convey.ConveyApp}s, authentication, and the live event stream to browsers.
 *
 * <h2>Concept</h2>
 * {@link dev.engram.convey.Convey} is built with the journal, host and port, the apps and an emitter (a
 * {@link dev.engram.callosum.Emitter} that hands a message to the bus) and the shared {@link dev.engram.app.AppContext}
 * ({@code Builder.context}). Convey does not start or stop apps: their lifecycle owner (the composition root) does.
 * {@code start()} calls each app's {@code routes(AppRoutes)}, whose {@code context()} is that AppContext, registers
 * the routes under {@code /app/<name>} and serves the shell at
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
 * <h2>Access</h2>
 * Every route declares an {@link dev.engram.convey.Access} when registered (Javalin route roles):
 * {@code PUBLIC} (login, setup, logout, static files, favicon), {@code SESSION} (the default: a login session, and the
 * CSRF token on state-changing requests), {@code BEARER} (an {@code Authorization: Bearer} key checked by the
 * {@link dev.engram.convey.BearerVerifier} found at request time through {@code Builder.bearer}; 401
 * {@code bearer_unavailable} while none is registered; {@link dev.engram.convey.BearerKeys} keeps SHA-256 hashes and
 * compares in constant time) and {@code LOOPBACK} (a process on this computer). {@code Guard.beforeMatched} applies
 * the matched route's declaration; it holds no path lists. {@code config/journal.json} is read through a cache that
 * re-parses it only when its file key, modification time or size changed (or it changed within 2 s). Apps stream with
 * {@link dev.engram.convey.AppRoutes#stream} ({@link dev.engram.convey.EventStream}: bounded queue, heartbeat).
 *
 * <h2>Security</h2>
 * <ul>
 *   <li>The password is a PBKDF2-SHA256 hash (600,000 iterations; {@code ENGRAM_PASSWORD_ITERATIONS} changes it,
 *       the test forks lower it) in {@code config/journal.json}
 *       ({@link dev.engram.convey.Passwords}); a legacy plaintext {@code convey.password} or a hash with fewer
 *       iterations is replaced at the next successful login. Until a
 *       password exists every page leads to {@code /setup}, which only a loopback request without proxy headers may
 *       submit.</li>
 *   <li>Sessions: random 256-bit ids in the HttpOnly, SameSite=Lax cookie {@code engram_session}, kept in memory
 *       (30 days idle, at most 1000); a password change ends every session. Cookies are set with Javalin's cookie API
 *       and marked {@code Secure} over TLS, or behind a TLS proxy when {@code convey.tls_proxy} is {@code true} and
 *       the proxy sends {@code X-Forwarded-Proto: https}. Failed logins are limited per client, a client being a browser (its CSRF
 *       cookie, which every login echoes) at a peer address ({@code LoginLimiter}): 5 free attempts per 5 minutes,
 *       then one attempt per back-off (5 s doubling to 30 s), answered 429 with the login form and the remaining
 *       time. Another client failing on the same address (a local process shares 127.0.0.1 with the owner) never
 *       blocks a browser that has not failed; since cookies are free to mint, past 20 failing browsers within the
 *       window an address's further new browsers share one record. A login that verified an older hash replaces it
 *       only if the stored password is still the one verified, so a concurrent password change wins.</li>
 *   <li>CSRF: every response ensures the cookie {@code engram_csrf} (SameSite=Strict, readable by scripts); every
 *       POST/PUT/PATCH/DELETE must echo it in header {@code X-CSRF-Token} or form field {@code _csrf}, and an
 *       {@code Origin} header, when present, must match {@code Host}. Pages carry it as
 *       {@code <meta name="csrf-token">}; {@code engram.api(method, url, body)} in {@code /static/convey/convey.js}
 *       sends it.</li>
 *   <li>Localhost bypass only with {@code convey.trust_localhost: true}, a loopback peer and {@code Host}, and no
 *       proxy header (any {@code X-Forwarded-*}, {@code Forwarded}, {@code Via}, any {@code *-IP} such as
 *       {@code X-Real-IP} or {@code CF-Connecting-IP}, {@code CDN-Loop}...): a reverse proxy must set one.</li>
 *   <li>Every response sends a strict Content-Security-Policy ({@code SecurityHeaders}: no inline script or style,
 *       images only from here or {@code data:}, no framing), {@code X-Frame-Options: DENY}, {@code nosniff} and
 *       {@code Referrer-Policy: same-origin}. {@link dev.engram.convey.Markdown} turns images on other servers
 *       into links.</li>
 * </ul>
 *
 * <h2>Threading</h2>
 * Requests run on Jetty's request threads; handlers must not keep request state in fields. Each connected browser
 * (and each app stream) has one virtual sender thread that drains its bounded queue (256) and writes heartbeats; {@code publish} only
 * offers to the queues and never blocks, and a browser whose queue overflows is disconnected and counted.
 * Sessions, the login limiter and the subscriber set are thread-safe.
 *
 * <h2>Failures</h2>
 * JSON paths ({@code /api/…}, {@code /app/<x>/api/…}, {@code /sse/…}, or {@code Accept: application/json}) answer
 * {@code {"error", "reason_code"}} with the status of an {@link dev.engram.convey.ApiError}, 400 for invalid JSON
 * request bodies ({@link dev.engram.convey.JsonIo#body}) or names, 415 for an unknown request charset or a non-urlencoded login/setup form, 400 for a body Jetty cannot parse
 * (client errors are logged as one line per kind per 10 s, without a stack trace), 404 for unknown routes, and 500 with a generic message (the exception is logged) for anything else, a
 * Jackson failure while writing an answer included (a server-side bug, never reported as the client's invalid JSON); other
 * paths get {@code error.jte}. Before any error answer the rest of a small request body is read and dropped, and a
 * larger one is answered with {@code Connection: close} ({@link dev.engram.convey.RequestBodies}), so a refused request
 * never costs a keep-alive client its next answer. Start-up problems are {@link dev.engram.convey.ConveyException}s
 * with one line, e.g.
 * a port in use. Secrets (passwords, session ids, CSRF tokens) are never logged.
 */
package dev.engram.convey;
