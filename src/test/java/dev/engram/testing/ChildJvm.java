package dev.engram.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A child JVM for the tests that need a real process (one to {@code kill -9}, a command run end to end): this JVM's
 * own {@code java}, with flags for a process that lives seconds.
 */
public final class ChildJvm {
    /**
     * C1 only and the serial collector: on 2 cores shared with the parallel test classes, the C2 compiler and G1's
     * threads of a child that runs a few seconds cost more CPU than its work.
     */
    public static final List<String> FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private ChildJvm() {
    }

    /** This JVM's {@code java} command. */
    public static String java() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** {@code pb} with {@link #FLAGS} right after its {@code java} command. */
    public static ProcessBuilder lean(ProcessBuilder pb) {
        List<String> command = new ArrayList<>(pb.command());
        command.addAll(1, FLAGS);
        return pb.command(command);
    }
}
