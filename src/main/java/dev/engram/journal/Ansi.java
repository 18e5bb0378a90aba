package dev.engram.journal;

import java.util.regex.Pattern;

/** Removes terminal escape sequences from captured terminal text. */
final class Ansi {
    // CSI (ESC [ ... final byte), OSC (ESC ] ... BEL or ESC \), and two-byte escapes (ESC + one char).
    private static final Pattern ESCAPES = Pattern.compile(
            "\u001B\\[[0-?]*[ -/]*[@-~]|\u001B\\][^\u0007\u001B]*(?:\u0007|\u001B\\\\)|\u001B[@-Z\\\\-_]|\u009B[0-?]*[ -/]*[@-~]");
    private static final Pattern OTHER_CONTROLS = Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]");

    private Ansi() {
    }

    static String strip(String text) {
        String noEscapes = ESCAPES.matcher(text).replaceAll("");
        return OTHER_CONTROLS.matcher(noEscapes.replace("\r\n", "\n").replace('\r', '\n')).replaceAll("");
    }
}
