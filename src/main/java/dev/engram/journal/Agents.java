package dev.engram.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Agent run logs: {@code agents/<id>_active.jsonl} while a run is going, renamed to {@code agents/<id>.jsonl} when it
 * completes. Events are appended (fsynced) as they happen.
 */
public final class Agents {
    private static final String ACTIVE = "_active.jsonl";
    private final Store store;

    Agents(Store store) {
        this.store = store;
    }

    public enum Status { RUNNING, COMPLETED, NOT_FOUND }

    /** A run's id, whether it is still active, and its events in order. */
    public record Run(String id, boolean active, List<AgentEvent> events) {
        public Run {
            events = List.copyOf(events);
        }
    }

    public Status status(String id) {
        Names.agentId(id);
        if (store.readable(dir().resolve(id + ACTIVE))) {
            return Status.RUNNING;
        }
        return store.readable(dir().resolve(id + ".jsonl")) ? Status.COMPLETED : Status.NOT_FOUND;
    }

    /** Ids of all runs (active and completed), sorted. */
    public List<String> ids() {
        List<String> out = new ArrayList<>();
        for (Path p : store.list(dir())) {
            String n = Store.name(p);
            if (n.startsWith(".") || !n.endsWith(".jsonl")) {
                continue;
            }
            String id = n.endsWith(ACTIVE) ? n.substring(0, n.length() - ACTIVE.length()) : n.substring(0, n.length() - 6);
            out.add(id);
        }
        return out.stream().distinct().sorted().toList();
    }

    public Optional<Run> read(String id) {
        return switch (status(id)) {
            case RUNNING -> Optional.of(new Run(id, true, events(dir().resolve(id + ACTIVE))));
            case COMPLETED -> Optional.of(new Run(id, false, events(dir().resolve(id + ".jsonl"))));
            case NOT_FOUND -> Optional.empty();
        };
    }

    /**
     * Claims a run: creates {@code agents/<id>_active.jsonl} exclusively with {@code request} as its first line
     * (fsynced). False when the run exists already (active or completed): another runner has claimed it. Safe across
     * threads and processes: a completed log only comes from renaming an active one, so one that appears while we
     * create ours means the id was taken, and ours is withdrawn.
     */
    public boolean create(String id, AgentEvent request) {
        Names.agentId(id);
        Path file = store.path("agents", id + ACTIVE);
        if (store.readable(store.path("agents", id + ".jsonl"))) {
            return false;
        }
        byte[] line = (JsonLines.encode(AgentEvent.CODEC.encode(request)) + "\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try {
            if (!Files.isDirectory(file.getParent())) {
                Files.createDirectories(file.getParent());
            }
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
                    java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(line);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                if (store.durability == Durability.SYNC) {
                    ch.force(false);
                }
            }
            if (store.durability == Durability.SYNC) {
                DurableFiles.syncDirectory(file.getParent());
            }
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw new JournalException("cannot create agent run " + id + ": " + DurableFiles.describe(e), e);
        }
        if (store.readable(store.path("agents", id + ".jsonl"))) {
            // another runner claimed this id and completed it between the check above and our creation: theirs
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new JournalException("cannot withdraw the claim of agent run " + id + ": "
                        + DurableFiles.describe(e), e);
            }
            return false;
        }
        store.announce(file);
        return true;
    }

    /** Ids of the runs still active ({@code <id>_active.jsonl}), sorted. */
    public List<String> activeIds() {
        List<String> out = new ArrayList<>();
        for (Path p : store.list(dir())) {
            String n = Store.name(p);
            if (!n.startsWith(".") && n.endsWith(ACTIVE)) {
                out.add(n.substring(0, n.length() - ACTIVE.length()));
            }
        }
        return out;
    }

    /** Appends to the active log of a run, creating it. */
    public void append(String id, AgentEvent event) {
        Names.agentId(id);
        store.appendLines(store.path("agents", id + ACTIVE), List.of(AgentEvent.CODEC.encode(event)));
    }

    /**
     * Appends to the log of a completed run ({@code agents/<id>.jsonl}), as the reference's {@code continue} event
     * does; fails with {@link JournalException} when the run is not completed.
     */
    public void appendCompleted(String id, AgentEvent event) {
        Names.agentId(id);
        Path file = store.path("agents", id + ".jsonl");
        if (!store.readable(file)) {
            throw new JournalException("agent run " + id + " is not completed; only a completed run's log takes"
                    + " this event");
        }
        store.appendLines(file, List.of(AgentEvent.CODEC.encode(event)));
    }

    /** Marks a run complete: renames its active log to {@code <id>.jsonl} atomically. */
    public void complete(String id) {
        Names.agentId(id);
        Path from = store.path("agents", id + ACTIVE);
        Path to = store.path("agents", id + ".jsonl");
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            if (store.durability == Durability.SYNC) {
                DurableFiles.syncDirectory(dir());
            }
            store.announce(to);
        } catch (IOException e) {
            throw new JournalException("cannot complete agent run " + id + ": " + DurableFiles.describe(e), e);
        }
    }

    private List<AgentEvent> events(Path file) {
        return FacetStore.values(JsonLines.read(store, file, AgentEvent.CODEC));
    }

    private Path dir() {
        return store.at("agents");
    }
}
