package dev.engram.index;

/**
 * What filling the embedding backlog did.
 *
 * @param embedded         chunks that got their vector
 * @param vectors          chunks with a vector in the index afterwards
 * @param chunks           chunks in the index
 * @param millis           wall time
 * @param chunksPerSecond  chunks embedded per second of model time
 */
public record EmbedReport(long embedded, long vectors, long chunks, long millis, double chunksPerSecond) {
}
