package dev.engram.journal;

import tools.jackson.databind.node.ObjectNode;

/** Reads and writes one record type of one {@link JournalFormat}. Decoding keeps unknown fields in {@link Extra}. */
interface RecordCodec<T> {
    JournalFormat format();

    /** Throws {@link JournalException} naming the problem when the object is not a valid record. */
    T decode(ObjectNode json);

    ObjectNode encode(T value);
}
