package dev.engram.observe.api;

/**
 * An import that cannot be done as asked (unknown file type, unreadable content, a missing facet); the message is
 * one line saying what is wrong and what to do. Nothing of the import is kept (an import that fails after it began
 * stays listed as failed, with no segment written).
 */
public final class ImportException extends RuntimeException {
    private final String reasonCode;

    public ImportException(String reasonCode, String message) {
        super(message);
        this.reasonCode = reasonCode;
    }

    /** A short machine-readable reason ({@code unknown_type}, {@code invalid_content}, {@code unknown_facet}...). */
    public String reasonCode() {
        return reasonCode;
    }
}
