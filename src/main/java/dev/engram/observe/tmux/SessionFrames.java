package dev.engram.observe.tmux;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * The frames of one tmux session during the current segment, kept only when the session changed since the last kept
 * one (the last one is remembered across segments, so an unchanged session adds nothing to the next segment).
 */
final class SessionFrames {
    private final String session;
    private final List<ObjectNode> frames = new ArrayList<>();
    private Snapshot last;

    SessionFrames(String session) {
        this.session = session;
    }

    /** Records {@code s} at {@code offsetSeconds} into the segment when it differs from the last; true if kept. */
    boolean offer(Snapshot s, double offsetSeconds) {
        if (s.equals(last)) {
            return false;
        }
        last = s;
        frames.add(s.frame(frames.size() + 1, offsetSeconds));
        return true;
    }

    boolean isEmpty() {
        return frames.isEmpty();
    }

    /**
     * The reference file name, {@code tmux_<session>_screen.jsonl}. Unique and stable per session: a name that has to
     * change to be a safe file name (characters other than {@code A-Za-z0-9._-} become '_', a leading '.', past 200
     * characters), or that ends like such a changed name, gets {@code -<8 hex of its SHA-256>} appended, so
     * {@code "a b"} and {@code "a_b"} never share a file.
     */
    String fileName() {
        return "tmux_" + safe(session) + "_screen.jsonl";
    }

    private static final java.util.regex.Pattern SUFFIXED = java.util.regex.Pattern.compile(".*-[0-9a-f]{8}$");

    static String safe(String session) {
        String s = session.replaceAll("[^A-Za-z0-9._-]", "_");
        s = s.startsWith(".") ? "_" + s.substring(1) : s;
        s = s.length() > 200 ? s.substring(0, 200) : s;
        if (s.equals(session) && !SUFFIXED.matcher(session).matches()) {
            return s;
        }
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(session.getBytes(
                    StandardCharsets.UTF_8));
            return s + "-" + java.util.HexFormat.of().formatHex(h, 0, 4);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JDK", e);
        }
    }

    /** The frames kept so far, one JSON line each. */
    String peek() {
        StringBuilder sb = new StringBuilder();
        for (ObjectNode f : frames) {
            sb.append(Snapshot.JSON.writeValueAsString(f)).append('\n');
        }
        return sb.toString();
    }

    /** The file's bytes: the metadata line {raw: "tmux", session}, then one frame per line; clears the frames. */
    byte[] drain() {
        StringBuilder sb = new StringBuilder();
        ObjectNode meta = Snapshot.JSON.createObjectNode().put("raw", "tmux").put("session", session);
        sb.append(Snapshot.JSON.writeValueAsString(meta)).append('\n');
        for (ObjectNode f : frames) {
            sb.append(Snapshot.JSON.writeValueAsString(f)).append('\n');
        }
        frames.clear();
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
