/**
 * Test support for the apps' tests: a real Convey server over a small raw-file journal, a base class for route tests
 * that share one logged-in server, a live page in a real browser ({@link dev.engram.apps.support.LivePage}) and JSON
 * checks.
 */
package dev.engram.apps.support;
