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

    /**
     * What follows {@code java} to run Engram's command line from this JVM's class path: {@link #FLAGS}, native access
     * (the embedding model's library), the class path, {@code dev.engram.cli.Main} and {@code args}.
     */
    public static List<String> engramArgs(String... args) {
        List<String> cmd = new ArrayList<>(FLAGS);
        cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "dev.engram.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** The whole command: {@link #java()}, then {@link #engramArgs}. */
    public static List<String> engram(String... args) {
        List<String> cmd = new ArrayList<>(List.of(java()));
        cmd.addAll(engramArgs(args));
        return cmd;
    }

    /** {@code pb} with {@link #FLAGS} right after its {@code java} command. */
    public static ProcessBuilder lean(ProcessBuilder pb) {
        List<String> command = new ArrayList<>(pb.command());
        command.addAll(1, FLAGS);
        return pb.command(command);
    }
}
