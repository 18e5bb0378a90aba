/**
 * Apps and the app event framework: {@link dev.engram.app.App}s declare {@link dev.engram.app.OnEvent} handlers for bus
 * events, found once at registration and dispatched on a worker pool with timeouts and error isolation.
 */
package dev.engram.app;
