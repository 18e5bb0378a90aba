package dev.engram.observe.api;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What an external tool (ffmpeg, ffprobe, tesseract) wrote on stderr, as the owner reads it in an error: ffmpeg's
 * context prefixes ({@code [matroska,webm @ 0x55c3871a6800] }) dropped, the absolute paths the command was given shown
 * by their file names (the error already names the segment or the import), whitespace folded onto one line, and at
 * most {@code max} characters, the end kept (a tool says what went wrong last).
 *
 * @param stderr  what the tool wrote (or its tail)
 * @param command the command that ran, its paths among the arguments
 */
public record ToolErrorText(String stderr, List<String> command) {
    private static final Pattern CONTEXT = Pattern.compile("\\[[^\\]\\n]{1,80} @ 0x[0-9a-fA-F]+\\] ?");

    public ToolErrorText {
        stderr = stderr == null ? "" : stderr;
        command = List.copyOf(command);
    }

    /** The text fit for a one-line message, or {@code no error output}. */
    public String shown(int max) {
        String s = CONTEXT.matcher(stderr).replaceAll("");
        for (String arg : command) {
            if (arg.length() > 1 && arg.startsWith("/")) {
                Path name = Path.of(arg).getFileName();
                s = s.replace(arg, name == null ? arg : name.toString());
            }
        }
        s = s.strip().replaceAll("\\s+", " ");
        if (s.isEmpty()) {
            return "no error output";
        }
        return s.length() > max ? "…" + s.substring(s.length() - max) : s;
    }
}
