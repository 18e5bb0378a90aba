package dev.engram.callosum;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import tools.jackson.databind.node.ObjectNode;

/** Writes the counters to {@code callosum.json} atomically (temp file in the same folder, then rename). */
final class StatsFile {
    private StatsFile() {
    }

    /** {@code failure}: why the server closed by itself (its I/O or accept thread died), or null. */
    static ObjectNode toJson(CallosumStats s, Path socket, boolean running, long startedMillis, Throwable failure) {
        ObjectNode o = Message.MAPPER.createObjectNode();
        o.put("pid", ProcessHandle.current().pid());
        o.put("socket", socket.toString());
        o.put("running", running);
        if (failure != null) {
            o.put("failure", failure.toString());
        }
        o.put("started_ms", startedMillis);
        o.put("updated_ms", System.currentTimeMillis());
        o.put("messages_in", s.messagesIn());
        o.put("delivered", s.delivered());
        o.put("undelivered", s.undelivered());
        ObjectNode d = o.putObject("dropped");
        s.dropped().forEach(d::put);
        o.put("clients_connected", s.clientsConnected());
        o.put("clients_accepted", s.clientsAccepted());
        o.put("clients_dropped", s.clientsDropped());
        return o;
    }

    /**
     * Writes {@code json} through a temp file of its own (a unique name, so two writers never share one) renamed over
     * {@code file}; the temp file is removed when anything fails. Callers serialize their writes (the server does).
     */
    static void write(Path file, ObjectNode json) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName() + ".", ".tmp");
        try {
            Files.write(tmp, Message.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp); // gone after the rename; left over only when it failed
        }
    }
}
