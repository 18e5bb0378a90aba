/** Test support for the apps' route tests: a real Convey server over a small raw-file journal, and an HTTP client. */
package dev.engram.apps.support;
