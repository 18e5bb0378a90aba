package dev.engram.journal;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the journal is: {@code --journal DIR}, else {@code ENGRAM_JOURNAL}, else {@code JOURNAL_PATH} (the
 * reference's variable), else {@code $XDG_DATA_HOME/engram/journal}, else {@code ~/.local/share/engram/journal}.
 */
public final class JournalLocator {
    private JournalLocator() {
    }

    /** The chosen folder and what chose it (for messages such as "from ENGRAM_JOURNAL"). */
    public record Location(Path root, String source) {
    }

    public static Location locate(Optional<Path> flag, Map<String, String> env, Path home) {
        if (flag.isPresent()) {
            return new Location(flag.get().toAbsolutePath().normalize(), "--journal");
        }
        for (String var : new String[] {"ENGRAM_JOURNAL", "JOURNAL_PATH"}) {
            String v = env.get(var);
            if (v != null && !v.isBlank()) {
                return new Location(Path.of(v).toAbsolutePath().normalize(), var);
            }
        }
        String xdg = env.get("XDG_DATA_HOME");
        Path data = xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".local").resolve("share");
        return new Location(data.resolve("engram").resolve("journal").toAbsolutePath().normalize(),
                xdg != null && !xdg.isBlank() ? "XDG_DATA_HOME" : "default");
    }

    /** Locates with this process's environment and home folder. */
    public static Location locate(Optional<Path> flag) {
        return locate(flag, System.getenv(), Path.of(System.getProperty("user.home")));
    }
}
