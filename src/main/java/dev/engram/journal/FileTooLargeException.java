package dev.engram.journal;

/** A streamed file was longer than the size limit given for it; nothing was kept of it. */
public final class FileTooLargeException extends JournalException {
    private final String name;
    private final long limit;

    public FileTooLargeException(String name, long limit) {
        super("file " + Names.shown(name) + " is larger than the limit of " + limit + " bytes; nothing was kept of it."
                + " Send a smaller file or raise the limit");
        this.name = name;
        this.limit = limit;
    }

    public String name() {
        return name;
    }

    /** The limit in bytes. */
    public long limit() {
        return limit;
    }
}
