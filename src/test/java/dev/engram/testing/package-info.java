/**
 * Shared test support: {@link dev.engram.testing.HttpSession}, a cookie-jar HTTP client that speaks Convey's CSRF and
 * login protocol, and {@link dev.engram.testing.Browser}, headless Debian chromium driven by Selenium.
 */
package dev.engram.testing;
