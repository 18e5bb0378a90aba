/**
 * Callosum, the event bus that connects Engram's parts: newline-delimited JSON messages ({@link
 * dev.engram.callosum.Message}, string {@code tract} and {@code event}) over a Unix domain socket at
 * {@code <journal>/health/callosum.sock}, wire-compatible with the reference system.
 *
 * <p>Delivery is best effort: every valid message goes to every connected client (the sender included) in the order
 * the server accepted it; invalid input is dropped and counted, never fatal.
 */
package dev.engram.callosum;
