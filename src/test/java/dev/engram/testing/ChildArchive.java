package dev.engram.testing;

import dev.engram.journal.Journal;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * A class-data-sharing archive for the tests' child JVMs (JDK 13+ dynamic AppCDS): a child that maps it skips most of
 * its class loading (about 1 s of CPU less per {@code engram start} until it serves: 1.6 to 2.0 s instead of 2.8 s).
 *
 * <p>CDS archives only classes from jars, so at the first child of a test JVM the class-path folders
 * ({@code target/classes}, {@code target/test-classes}) are packed into jars under {@code target/child-jvm/<pid>/}
 * (under a second) and children run from those. A background thread then runs one {@code engram start} on a
 * throw-away journal with {@code -XX:ArchiveClassesAtExit}, stops it, and publishes the archive; children started
 * from then on map it. Children started before (or when the training failed) simply run without: nothing waits for
 * it. The JVM's CDS messages are turned off (they go to stdout, which some children speak a protocol on).
 *
 * <p>Threading: {@link #get()} builds the jars once under the class lock; the archive is published through a volatile
 * field. The folder is removed at JVM exit.
 */
final class ChildArchive {
    private static ChildArchive instance;

    private final Path dir;
    private final String classPath;
    private final String jarClassPath;
    private volatile Path archive;
    /** The training's {@code engram start} while it runs: the JVM's exit kills it (the training thread is a daemon). */
    private volatile Process training;

    private ChildArchive(Path dir, String classPath, String jarClassPath) {
        this.dir = dir;
        this.classPath = classPath;
        this.jarClassPath = jarClassPath;
    }

    /** The archive of this JVM, its jars built at the first call and its training started. */
    static synchronized ChildArchive get() {
        if (instance == null) {
            instance = create();
        }
        return instance;
    }

    /** {@code cp} as a child should get it: this JVM's class path with its folders as jars, anything else as it is. */
    String classPath(String cp) {
        return cp.equals(classPath) ? jarClassPath : cp;
    }

    /** The flags that map the archive once it is ready (none before), with the JVM's CDS messages off. */
    List<String> flags() {
        Path a = archive;
        if (a == null) {
            return List.of();
        }
        List<String> f = new ArrayList<>(List.of("-XX:SharedArchiveFile=" + a, "-Xshare:auto"));
        f.addAll(quiet());
        return f;
    }

    private static List<String> quiet() {
        // JDK 25 reports archive problems under the "aot" tag too; older JDKs reject that tag
        return Runtime.version().feature() >= 25 ? List.of("-Xlog:cds*=off", "-Xlog:aot*=off")
                : List.of("-Xlog:cds*=off");
    }

    private static ChildArchive create() {
        String cp = System.getProperty("java.class.path");
        Path dir = Path.of("target", "child-jvm", Long.toString(ProcessHandle.current().pid())).toAbsolutePath();
        try {
            Files.createDirectories(dir);
            List<String> entries = new ArrayList<>();
            int n = 0;
            for (String e : cp.split(File.pathSeparator)) {
                Path p = Path.of(e);
                if (Files.isDirectory(p)) {
                    Path jar = dir.resolve(n++ + "-" + p.getFileName() + ".jar");
                    pack(p, jar);
                    entries.add(jar.toString());
                } else {
                    entries.add(e);
                }
            }
            ChildArchive a = new ChildArchive(dir, cp, String.join(File.pathSeparator, entries));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                Process t = a.training;
                if (t != null) { // a test run shorter than the training: its engram start must not outlive it
                    t.destroyForcibly();
                }
                delete(dir);
            }, "child-archive-cleanup"));
            Thread.ofPlatform().daemon().name("child-archive-training").start(a::train);
            return a;
        } catch (IOException e) {
            System.err.println("ChildJvm: no jars for a class-data archive (" + e + "): children use the folders");
            return new ChildArchive(dir, cp, cp);
        }
    }

    /** Runs {@code engram start} once with {@code -XX:ArchiveClassesAtExit}, stops it and publishes the archive. */
    private void train() {
        Path sockets = null;
        try {
            Path journal = Journal.create(dir.resolve("journal"), "Owner").root();
            sockets = Files.createTempDirectory(Path.of("/tmp"), "cds");
            Path dumped = dir.resolve("training.jsa");
            List<String> cmd = new ArrayList<>(List.of(ChildJvm.java()));
            cmd.addAll(ChildJvm.FLAGS);
            cmd.add("-XX:ArchiveClassesAtExit=" + dumped);
            cmd.addAll(quiet());
            cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-cp", jarClassPath, "dev.engram.cli.Main",
                    "start", "--journal", journal.toString(), "--port", "0", "--socket",
                    sockets.resolve("b.sock").toString()));
            Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("training.err").toFile()).start();
            training = p;
            try (OutputStream stdin = p.getOutputStream();
                 BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                         StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null && !line.contains("running at")) {
                    // the start-up lines before the URL
                }
                p.destroy(); // SIGTERM: a normal exit, which writes the archive
                if (line == null || !p.waitFor(120, TimeUnit.SECONDS) || !Files.isRegularFile(dumped)) {
                    System.err.println("ChildJvm: no class-data archive (see " + dir.resolve("training.err")
                            + "): children run without");
                    return;
                }
            } finally {
                p.destroyForcibly();
            }
            Path ready = dir.resolve("children.jsa");
            Files.move(dumped, ready, StandardCopyOption.ATOMIC_MOVE);
            archive = ready;
        } catch (IOException | RuntimeException e) {
            System.err.println("ChildJvm: no class-data archive (" + e + "): children run without");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (sockets != null) {
                delete(sockets);
            }
        }
    }

    /** A jar of the folder's files (and its folders, for resource lookups of a package). */
    private static void pack(Path folder, Path jar) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(folder)) {
            for (Path f : files.sorted().toList()) {
                if (f.equals(folder)) {
                    continue;
                }
                String name = folder.relativize(f).toString().replace(File.separatorChar, '/');
                if (Files.isDirectory(f)) {
                    out.putNextEntry(new JarEntry(name + "/"));
                } else {
                    out.putNextEntry(new JarEntry(name));
                    Files.copy(f, out);
                }
                out.closeEntry();
            }
        }
    }

    private static void delete(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a leftover under target/ or /tmp is harmless
        }
    }
}
