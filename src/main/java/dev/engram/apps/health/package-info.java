/**
 * Health (🩺): the status panel. Lists every service of this Engram with its state, detail and restarts, read from
 * {@code GET /health} (the same JSON monitors use) every 5 s; the supervisor's notices (a restart, a service given up
 * on, an observer gone stale or back) appear as the shell's notifications.
 *
 * <p>Threading and failure: nothing runs on the server. In the page a failed fetch is shown as one line and retried
 * at the next refresh; a 503 (a service down) still carries the JSON and is shown.
 */
package dev.engram.apps.health;
