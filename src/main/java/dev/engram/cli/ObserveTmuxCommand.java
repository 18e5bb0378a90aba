package dev.engram.cli;

import dev.engram.callosum.CallosumClient;
import dev.engram.cortex.outbound.OutboundHttp;
import dev.engram.journal.Journal;
import dev.engram.journal.JournalLocator;
import dev.engram.journal.JournalLock;
import dev.engram.observe.tmux.TmuxObserver;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "tmux", description = "Capture the tmux sessions you are using (capture-pane of each pane every"
        + " --interval seconds) into tmux_<session>_screen.jsonl segments every --segment seconds, like the"
        + " reference tmux observer; into this journal, or uploaded to another Engram with --remote URL and the key"
        + " (--key-file FILE, the environment variable ENGRAM_OBSERVER_KEY, or --key KEY)."
        + " Runs until Ctrl-C or SIGTERM, which writes the current segment first.")
final class ObserveTmuxCommand implements Callable<Integer> {
    @CommandLine.Mixin
    JournalOption journalOption;

    @CommandLine.Mixin
    SocketOption socketOption;

    @CommandLine.Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "2",
            description = "Seconds between captures (default: ${DEFAULT-VALUE}).")
    double interval;

    @CommandLine.Option(names = "--segment", paramLabel = "SECONDS", defaultValue = "300",
            description = "Seconds per segment (default: ${DEFAULT-VALUE}); a segment with no change is not written.")
    double segment;

    @CommandLine.Option(names = "--active-within", paramLabel = "SECONDS", defaultValue = "300",
            description = "Capture sessions whose attached client was active within this many seconds"
                    + " (default: ${DEFAULT-VALUE}).")
    double activeWithin;

    @CommandLine.Option(names = "--tmux-socket", paramLabel = "NAME",
            description = "The tmux server's socket name (tmux -L NAME; default: your default tmux server).")
    String tmuxSocket;

    @CommandLine.Option(names = "--remote", paramLabel = "URL",
            description = "Upload segments to the Engram at URL (e.g. https://engram.example:5015) instead.")
    String remote;

    @CommandLine.Option(names = "--key", paramLabel = "KEY",
            description = "The observer key for --remote (from 'engram observer create' on that Engram). It shows in"
                    + " ps and the shell's history: prefer --key-file or the environment variable "
                    + KEY_ENV + ".")
    String key;

    @CommandLine.Option(names = "--key-file", paramLabel = "FILE",
            description = "Read the observer key for --remote from FILE (its first line; at most 4 KiB).")
    Path keyFile;

    /** The environment variable that may hold the observer key for {@code --remote} (never on the command line). */
    static final String KEY_ENV = "ENGRAM_OBSERVER_KEY";
    /** The observer's storage in the journal: its lock files, and the upload queue of {@code --remote}. */
    private static final String APP = "tmux_observer";
    private static final int MAX_KEY_FILE = 4096;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        TmuxObserver.Settings settings = settings();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        java.util.function.Consumer<String> notices = m -> {
            synchronized (err) {
                err.println("engram observe tmux: " + m);
                err.flush();
            }
        };
        if (remote == null) {
            if (key != null || keyFile != null) {
                throw new UsageException((key != null ? "--key" : "--key-file") + " goes with --remote URL");
            }
            Journal journal = journalOption.open();
            try (JournalLock lock = onlyObserver(journal, settings, "into the journal " + journal.root())) {
                Path socket = socketOption.client(journal.root());
                return run(TmuxObserver.local(journal, m -> CallosumClient.send(socket, m), settings, notices), out);
            }
        }
        String theKey = key(key, keyFile, System.getenv());
        URI url = remoteUrl();
        Journal state = stateJournal();
        try (JournalLock lock = onlyObserver(state, settings, "with its upload queue in " + state.root())) {
            return run(TmuxObserver.remote(url, theKey, new OutboundHttp(state), state.appStorage(APP).resolve("queue"),
                    state.scratchFolder("tmux"), settings, notices), out);
        }
    }

    /**
     * The lock of this tmux server's observer in {@code journal}, held while it runs: a second observer of the same
     * tmux server would capture every pane twice (or share one upload queue), so it is refused with a one-line error.
     */
    private static JournalLock onlyObserver(Journal journal, TmuxObserver.Settings settings, String where) {
        return journal.tryLockApp(APP, settings.lockName()).orElseThrow(() -> new IllegalStateException(
                "another 'engram observe tmux' already captures the tmux server '" + settings.server() + "' " + where
                        + ": stop it first (or give --tmux-socket NAME to capture another tmux server)"));
    }

    private int run(TmuxObserver observer, PrintWriter out) throws InterruptedException {
        TmuxObserver running = observer;
        Thread hook = new Thread(() -> {
            try {
                running.stop(Duration.ofSeconds(20));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "tmux-observer-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("observing tmux every " + fmt(interval) + " s, a segment every " + fmt(segment) + " s, "
                + observer.describe() + "; Ctrl-C stops it");
        out.flush();
        observer.run();
        return 0;
    }

    /**
     * The timing as the observer will use it (whole milliseconds), checked as such: a value that rounds to 0 ms is a
     * usage error like a negative one.
     */
    private TmuxObserver.Settings settings() {
        Duration i = millis(interval);
        Duration s = millis(segment);
        Duration a = millis(activeWithin);
        if (!i.isPositive() || s.compareTo(i) < 0 || !a.isPositive() || s.compareTo(Duration.ofDays(1)) > 0) {
            throw new UsageException("invalid timing: --interval must be at least 0.001 s, --segment at least"
                    + " --interval and at most 86400, --active-within at least 0.001 s");
        }
        return new TmuxObserver.Settings(i, s, a, Optional.ofNullable(tmuxSocket));
    }

    /**
     * The key for {@code --remote}: {@code --key}, else the first line of {@code --key-file} (bounded read), else the
     * environment variable {@link #KEY_ENV}. Errors are one line and never show the key or the file's content.
     */
    static String key(String key, Path keyFile, java.util.Map<String, String> env) {
        if (key != null && keyFile != null) {
            throw new UsageException("give the key once: --key or --key-file, not both");
        }
        String k = key;
        if (keyFile != null) {
            k = readKeyFile(keyFile);
        } else if (k == null) {
            k = env.get(KEY_ENV);
        }
        if (k == null || k.isBlank()) {
            throw new UsageException("--remote needs the observer key: --key-file FILE, the environment variable "
                    + KEY_ENV + ", or --key KEY (create one with 'engram observer create NAME' on that Engram)");
        }
        return k.strip();
    }

    private static String readKeyFile(Path file) {
        byte[] bytes;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_KEY_FILE + 1);
        } catch (java.io.IOException e) {
            throw new UsageException("cannot read --key-file " + file + ": " + (e instanceof java.nio.file.NoSuchFileException
                    ? "no such file" : e.getClass().getSimpleName()));
        }
        if (bytes.length > MAX_KEY_FILE) {
            throw new UsageException("--key-file " + file + " is larger than " + MAX_KEY_FILE + " bytes: it should hold"
                    + " only the observer key");
        }
        String first = new String(bytes, java.nio.charset.StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
        if (first.isEmpty()) {
            throw new UsageException("--key-file " + file + " is empty: put the observer key on its first line");
        }
        return first;
    }

    private URI remoteUrl() {
        return httpUrl(remote, "--remote");
    }

    /**
     * {@code text} as an http(s) URL with a host and, when it has one, a port from 1 to 65535, that the HTTP client
     * takes; else a one-line usage error naming {@code option}.
     */
    static URI httpUrl(String text, String option) {
        String invalid = "invalid " + option + " URL '" + text + "': ";
        URI url;
        try {
            url = URI.create(text);
            if (url.getPort() == 0 || url.getPort() > 65_535) {
                throw new UsageException(invalid + "port " + url.getPort() + " is out of range (1 to 65535)");
            }
            if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL with a host");
            }
            java.net.http.HttpRequest.newBuilder(url); // what the client would refuse at the first request
        } catch (IllegalArgumentException e) {
            throw new UsageException(invalid + "give e.g. http://host:5015");
        }
        return url;
    }

    /**
     * Where the upload queue and the outbound log live: this machine's journal when it exists, else
     * {@code $XDG_STATE_HOME/engram/tmux-observer} (default {@code ~/.local/state/engram/tmux-observer}).
     */
    private Journal stateJournal() {
        JournalLocator.Location loc = journalOption.location();
        if (Files.isDirectory(loc.root())) {
            return Journal.open(loc.root());
        }
        String xdg = System.getenv("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".local", "state");
        return Journal.create(base.resolve("engram").resolve("tmux-observer"), null);
    }

    private static Duration millis(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
