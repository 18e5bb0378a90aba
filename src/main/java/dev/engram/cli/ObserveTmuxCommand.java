package dev.engram.cli;

import dev.engram.callosum.CallosumClient;
import dev.engram.cortex.outbound.OutboundHttp;
import dev.engram.journal.Journal;
import dev.engram.journal.JournalLocator;
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
        + " reference tmux observer; into this journal, or uploaded to another Engram with --remote URL --key KEY."
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
            description = "The observer key for --remote (from 'engram observer create' on that Engram).")
    String key;

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
        TmuxObserver observer;
        if (remote == null) {
            if (key != null) {
                throw new UsageException("--key goes with --remote URL");
            }
            Journal journal = journalOption.open();
            Path socket = socketOption.resolve(journal.root());
            observer = TmuxObserver.local(journal, m -> CallosumClient.send(socket, m), settings, notices);
        } else {
            URI url = remoteUrl();
            Journal state = stateJournal();
            observer = TmuxObserver.remote(url, key, new OutboundHttp(state),
                    state.appStorage("tmux_observer").resolve("queue"), settings, notices);
        }
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

    private TmuxObserver.Settings settings() {
        if (!(interval > 0) || !(segment >= interval) || !(activeWithin > 0) || segment > 86_400) {
            throw new UsageException("invalid timing: --interval must be positive, --segment at least --interval and"
                    + " at most 86400, --active-within positive");
        }
        return new TmuxObserver.Settings(millis(interval), millis(segment), millis(activeWithin),
                Optional.ofNullable(tmuxSocket));
    }

    private URI remoteUrl() {
        if (key == null || key.isBlank()) {
            throw new UsageException("--remote needs --key KEY (create one with 'engram observer create NAME' on"
                    + " that Engram)");
        }
        return httpUrl(remote, "--remote");
    }

    /** {@code text} as an http(s) URL with a host, else a usage error naming {@code option}. */
    static URI httpUrl(String text, String option) {
        URI url;
        try {
            url = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException("invalid " + option + " URL '" + text + "': give e.g. http://host:5015");
        }
        if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
            throw new UsageException("invalid " + option + " URL '" + text + "': give e.g. http://host:5015");
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
