package dev.engram.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A child JVM for the tests that need a real process (one to {@code kill -9}, a command run end to end): this JVM's
 * own {@code java}, with flags for a process that lives seconds, and this JVM's class path with its folders packed as
 * jars so the child can map the class-data archive of {@link ChildArchive} once it is ready.
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

    /** {@link #FLAGS} and, once it is ready, the flags that map the class-data archive. */
    public static List<String> flags() {
        List<String> flags = new ArrayList<>(FLAGS);
        flags.addAll(ChildArchive.get().flags());
        return flags;
    }

    /** This JVM's class path as a child gets it: the same classes, its folders packed as jars. */
    public static String classPath() {
        return ChildArchive.get().classPath(System.getProperty("java.class.path"));
    }

    /**
     * What follows {@code java} to run Engram's command line from this JVM's class path: {@link #flags()}, native
     * access (the embedding model's library), {@link #classPath()}, {@code dev.engram.cli.Main} and {@code args}.
     */
    public static List<String> engramArgs(String... args) {
        List<String> cmd = flags();
        cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-cp", classPath(), "dev.engram.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** The whole command: {@link #java()}, then {@link #engramArgs}. */
    public static List<String> engram(String... args) {
        List<String> cmd = new ArrayList<>(List.of(java()));
        cmd.addAll(engramArgs(args));
        return cmd;
    }

    /**
     * {@code pb} with {@link #flags()} right after its {@code java} command, and this JVM's class path (after
     * {@code -cp}) replaced by {@link #classPath()}.
     */
    public static ProcessBuilder lean(ProcessBuilder pb) {
        List<String> command = new ArrayList<>(pb.command());
        for (int i = 1; i < command.size() - 1; i++) {
            if (command.get(i).equals("-cp") || command.get(i).equals("-classpath")) {
                command.set(i + 1, ChildArchive.get().classPath(command.get(i + 1)));
            }
        }
        command.addAll(1, flags());
        return pb.command(command);
    }
}
