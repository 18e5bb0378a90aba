/**
 * Stats (📊): charts of the journal over a chosen range of days (at most a year): recorded time per day, speech and
 * screen minutes, segments per facet and activity by hour of the day, drawn with uPlot from its WebJar. The numbers
 * come from the segment folders' file names and the facets' event files only, never the media. {@link
 * dev.engram.apps.stats.Range} (the {@code from}/{@code to} parameters) is shared with the Tokens app.
 *
 * <p>Threading: handlers run on Javalin's request threads and hold no state. Failures: bad or too long ranges are a 400
 * naming the parameter; unreadable files are skipped and listed under {@code warnings} (C6).
 */
package dev.engram.apps.stats;
