package dev.engram.convey;

import io.javalin.security.RouteRole;

/**
 * Who may use a route. Every route declares it when it is registered ({@link AppRoutes#get(String, Access,
 * io.javalin.http.Handler)}); a route that declares nothing is {@link #SESSION}. A route may declare several: the
 * request is admitted when it passes any of them (a bearer token is tried when the request carries one).
 */
public enum Access implements RouteRole {
    /**
     * Anyone, without logging in (login, setup, static files). State-changing requests still need the CSRF token,
     * so another site cannot post a login form on the owner's behalf.
     */
    PUBLIC,
    /**
     * A browser with a login session (or a trusted loopback request when {@code convey.trust_localhost} is on);
     * POST/PUT/PATCH/DELETE must echo the CSRF token and may not come from a foreign {@code Origin}.
     */
    SESSION,
    /**
     * A non-browser client (observer, MCP or API client) with {@code Authorization: Bearer <token>}, checked by the
     * {@link BearerVerifier} looked up at request time; no CSRF (no cookie is involved). Without a verifier the route
     * answers 401 {@code bearer_unavailable}.
     */
    BEARER,
    /**
     * Only a process on this computer: a loopback peer, a loopback {@code Host}, no proxy header (see
     * {@code Requests#isLocal}), and no foreign {@code Origin} or cross-site fetch (a page in a browser on this
     * computer is not admitted).
     */
    LOOPBACK,
    /**
     * A client presenting a key that the route's handler checks itself (an observer's key in the path, in
     * {@code Authorization: Bearer} or in {@code X-Solstone-Observer}, answering the ingest protocols' own 401/403
     * bodies): the guard admits the request without session or CSRF, and the handler MUST authenticate it.
     */
    KEY
}
