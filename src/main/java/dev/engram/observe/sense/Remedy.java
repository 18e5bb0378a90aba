package dev.engram.observe.sense;

/**
 * What the owner must do about a failed file that a retry alone cannot fix (it would fail the same way); when
 * {@code thenRetry}, {@code engram sense --day D --segment S} processes the file once it is done. A failure without
 * a remedy is worth retrying as it is (a provider's error, a timeout, a tool installed since).
 *
 * @param what      the owner's step ("move notes.jsonl out of the segment folder ...")
 * @param thenRetry whether a retry processes the file after that step
 */
record Remedy(String what, boolean thenRetry) {
    /** The file itself is at fault (not a video, not JSON lines, a name the journal refuses): nothing to retry. */
    static final Remedy NONE = new Remedy("retrying does not help: the file itself is at fault", false);

    /** Moving {@code output} aside lets {@code media} be processed: sense never overwrites a file not its own. */
    static Remedy moveAside(String output, String media) {
        return new Remedy("move " + output + " out of the segment folder to have " + media + " read (sense does not"
                + " overwrite it)", true);
    }

    /** The advice, with {@code retry} (the command) after the step when a retry then processes the file. */
    String advice(String retry) {
        return thenRetry ? what + ", then " + retry : what;
    }
}
