/**
 * Convey, the web UI: a shell (menu bar, facet pills, date navigator, notifications) around pluggable
 * {@link dev.engram.convey.ConveyApp}s, authentication, and the live event stream to browsers.
 */
package dev.engram.convey;
