/**
 * What the built-in Convey apps share: validation of HTTP parameters into journal names (every bad value becomes a
 * 400 {@link dev.engram.convey.ApiError} with a reason code, never a 500), JSON request and response bodies, and safe
 * markdown rendering. Stateless and thread-safe.
 */
package dev.engram.apps.web;
