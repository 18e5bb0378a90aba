package dev.engram.observe.tmux;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One upload queue per destination: {@code <root>/<host>_<port>-<8 hex>/}, the hex from the SHA-256 of the
 * normalized {@code --remote} URL, with that URL in the folder's {@code destination} file. Segments captured for one
 * Engram are uploaded only to that Engram: a run with a mistyped {@code --remote} starts with an empty queue of its
 * own instead of sending another server's backlog there. The key is not part of it: a new key for the same Engram (the
 * old one revoked) delivers the backlog to the same owner.
 *
 * <p>At open, segments queued directly in {@code <root>} by an earlier version (which kept one queue for every
 * destination and recorded none) are moved into the queue opened, said in a notice; segments waiting for other
 * destinations are counted in a notice naming each URL, so nothing waits unseen. Not thread-safe: used once at
 * start.
 */
final class QueueFolders {
    static final String DESTINATION = "destination";
    /** A destination file is one URL: read only when at most this long. */
    private static final int MAX_DESTINATION = 4096;

    private QueueFolders() {
    }

    /** The queue folder of {@code url} under {@code root}, created with its {@code destination} file. */
    static Path open(Path root, URI url, Consumer<String> notices) {
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        String host = url.getHost().toLowerCase(Locale.ROOT);
        int port = url.getPort() >= 0 ? url.getPort() : scheme.equals("https") ? 443 : 80;
        String path = url.getRawPath() == null ? "" : url.getRawPath().replaceAll("/+$", "");
        // scheme://host:port/path in lower case where case does not matter, the port explicit, no final /
        String dest = scheme + "://" + host + ":" + port + path;
        Path dir = root.resolve(host.replaceAll("[^a-z0-9.-]", "_") + "_" + port + "-" + hex8(dest));
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(DESTINATION);
            if (!Files.isRegularFile(file)) {
                Path tmp = dir.resolve(".tmp-" + DESTINATION);
                Files.writeString(tmp, dest + "\n", StandardCharsets.UTF_8);
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            }
            adoptLegacy(root, dir, dest, notices);
            tellOthers(root, dir, notices);
        } catch (IOException e) {
            throw new IllegalStateException("cannot use the upload queue " + dir + ": " + e.getMessage()
                    + "; choose a writable --journal", e);
        }
        return dir;
    }

    /** The first 8 hex digits of the SHA-256 of {@code text}. */
    private static String hex8(String text) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Moves segments an earlier version queued directly in {@code root} into {@code dir}, with a notice. */
    private static void adoptLegacy(Path root, Path dir, String dest, Consumer<String> notices) throws IOException {
        List<Path> legacy = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            s.filter(p -> Files.isDirectory(p) && p.getFileName().toString().matches("\\d{8}_\\d{6}_\\d+"))
                    .forEach(legacy::add);
        }
        int moved = 0;
        for (Path p : legacy) {
            Path target = dir.resolve(p.getFileName());
            if (!Files.exists(target)) {
                Files.move(p, target, StandardCopyOption.ATOMIC_MOVE);
                moved++;
            }
        }
        if (moved > 0) {
            notices.accept(moved + " segment(s) queued by an earlier version, which recorded no destination,"
                    + " are uploaded to " + dest);
        }
        if (moved < legacy.size()) {
            notices.accept((legacy.size() - moved) + " segment(s) queued by an earlier version stay in " + root
                    + ": a segment of the same name is queued for " + dest + " already");
        }
    }

    /** A notice per other destination with segments waiting, so that a backlog is never forgotten unseen. */
    private static void tellOthers(Path root, Path dir, Consumer<String> notices) throws IOException {
        List<Path> others;
        try (Stream<Path> s = Files.list(root)) {
            others = s.filter(p -> !p.equals(dir) && Files.isRegularFile(p.resolve(DESTINATION))).sorted().toList();
        }
        for (Path other : others) {
            long waiting;
            try (Stream<Path> s = Files.list(other)) {
                waiting = s.filter(p -> Files.isDirectory(p) && !p.getFileName().toString().startsWith(".")).count();
            }
            Path file = other.resolve(DESTINATION);
            if (waiting > 0) {
                String url = Files.size(file) <= MAX_DESTINATION ? Files.readString(file, StandardCharsets.UTF_8)
                        .strip() : "(unreadable: " + file + " is over " + MAX_DESTINATION + " bytes)";
                notices.accept(waiting + " segment(s) wait in the queue of " + url + " (" + other + "): run with"
                        + " --remote " + url + " to upload them");
            }
        }
    }
}
