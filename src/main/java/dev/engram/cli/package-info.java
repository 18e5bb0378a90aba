/**
 * The {@code engram} command line (picocli): one class per command, parsing arguments and printing results.
 *
 * <p>This is the only package that writes to stdout or stderr directly; everything else logs (to stderr, via
 * logback) or returns values. Commands print to picocli's writers so tests can capture them.
 *
 * <p><b>Failure rules:</b> a failure prints one line on stderr naming the cause and the fix, and exits 1; a usage error
 * (unknown flag, invalid day) exits 2 with a hint to {@code engram help COMMAND}. Stack traces appear only with
 * {@code --debug}. Commands are run on the main thread, one per JVM; the tests run several side by side, so
 * {@code --debug} belongs to the thread of its command line and a changed log level ends with its run.
 */
package dev.engram.cli;
