package dev.engram.demo;

/** The target folder cannot take a demo journal (not empty and not a journal, or a journal without force). */
public final class DemoRefusedException extends RuntimeException {
    DemoRefusedException(String message) {
        super(message);
    }
}
