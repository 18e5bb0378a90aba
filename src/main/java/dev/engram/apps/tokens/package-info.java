/**
 * Tokens (💰): model usage and its estimated cost over a chosen range of days, by day, model, provider and purpose,
 * from {@code tokens/<day>.jsonl} (the reference's format: float epoch-second timestamps, {@code context},
 * {@code usage{input_tokens, output_tokens, total_tokens, cached_tokens?, reasoning_tokens?, requests?}}). Costs come
 * from a small built-in table of list prices ({@code Prices}); unknown models are shown as unpriced, never guessed.
 *
 * <p>Threading: handlers run on Javalin's request threads and hold no state. Failures: bad ranges are a 400 naming the
 * parameter; unreadable lines and files are skipped and listed under {@code warnings} (C6).
 */
package dev.engram.apps.tokens;
