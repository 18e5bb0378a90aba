package dev.engram.demo;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Terminal output as a tmux pane shows it, with the ANSI color escapes real tools emit: a colored prompt, then a
 * command and its output (git log, a build, pods, a log tail, git status).
 */
final class TerminalText {
    static final String ESC = "\u001b[";
    private static final String RESET = ESC + "0m";
    private static final String GREEN = ESC + "1;32m";
    private static final String BLUE = ESC + "1;34m";
    private static final String YELLOW = ESC + "33m";
    private static final String RED = ESC + "31m";
    private static final String CYAN = ESC + "36m";
    private static final String DIM = ESC + "2m";
    private static final List<String> COMMITS = List.of("Fix off-by-one in {topic}", "Add metrics for {topic}",
            "Retry transient failures when talking to {tool}", "Refactor the snapshot writer",
            "Bump dependencies", "Document {topic}", "Make the integration test less flaky",
            "Handle empty batches", "Speed up {topic} by caching lookups", "Revert \"Handle empty batches\"");
    private static final List<String> PODS = List.of("ledger-api", "settlements-consumer", "refunds-worker",
            "reconciler", "merchant-gateway");

    private TerminalText() {
    }

    static String prompt(Scene scene) {
        String dir = scene.facet().work() ? "~/src/ledger" : "~/src/lumen";
        return GREEN + "maren@kestrel" + RESET + ":" + BLUE + dir + RESET + "$ ";
    }

    /** One command and its output, as lines. */
    static List<String> block(Scene scene, LocalDate date, LocalTime time, Dice dice) {
        List<String> out = new ArrayList<>();
        switch (dice.between(0, 4)) {
            case 0 -> {
                out.add(prompt(scene) + "git log --oneline -5");
                for (int i = 0; i < 5; i++) {
                    String ref = i == 0 ? " " + YELLOW + "(" + CYAN + "HEAD -> " + GREEN + "main" + YELLOW + ", "
                            + RED + "origin/main" + YELLOW + ")" + RESET : "";
                    out.add(YELLOW + hash(dice) + RESET + ref + " " + scene.fill(dice.pick(COMMITS), dice));
                }
            }
            case 1 -> {
                boolean ok = dice.chance(0.75);
                out.add(prompt(scene) + (scene.facet().work() ? "./mvnw -q test" : "./gradlew test"));
                int tests = dice.between(120, 900);
                out.add(ESC + "1m" + "[INFO]" + RESET + " Tests run: " + tests + ", Failures: " + (ok ? 0 : 1)
                        + ", Errors: 0, Skipped: " + dice.between(0, 4));
                out.add(ok ? GREEN + "BUILD SUCCESS" + RESET : RED + "BUILD FAILURE" + RESET
                        + " " + DIM + "(SnapshotWriterTest.handlesEmptyBatch)" + RESET);
                out.add("Total time:  " + dice.between(14, 95) + " s");
            }
            case 2 -> {
                out.add(prompt(scene) + "kubectl get pods -n payments");
                out.add("NAME                                READY   STATUS    RESTARTS   AGE");
                for (String pod : dice.sample(PODS, 4)) {
                    boolean up = dice.chance(0.9);
                    out.add(String.format(Locale.ROOT, "%-35s %-7s %s   %-8d   %dd", pod + "-" + hash(dice).substring(0, 5),
                            up ? "1/1" : "0/1", up ? GREEN + "Running" + RESET : RED + "CrashLoopBackOff" + RESET,
                            up ? 0 : dice.between(1, 9), dice.between(1, 30)));
                }
            }
            case 3 -> {
                out.add(prompt(scene) + "tail -f logs/app.log");
                int sec = time.toSecondOfDay();
                for (int i = 0; i < 6; i++) {
                    int level = dice.between(0, 9);
                    String lvl = level < 7 ? GREEN + "INFO " + RESET : level < 9 ? YELLOW + "WARN " + RESET
                            : RED + "ERROR" + RESET;
                    LocalTime t = LocalTime.ofSecondOfDay((sec + i * dice.between(1, 4)) % 86400);
                    out.add(DIM + date + "T" + t + RESET + " " + lvl + " " + CYAN + "[" + dice.pick(PODS) + "]"
                            + RESET + " " + scene.fill(dice.pick(List.of("committed offset {n}{n}",
                            "batch of {n} records processed", "slow query on {topic} took {n}{n} ms",
                            "retrying request, attempt {n}")), dice));
                }
            }
            default -> {
                out.add(prompt(scene) + "git status -s");
                out.add(" " + RED + "M" + RESET + " src/main/java/Ledger.java");
                out.add(GREEN + "A" + RESET + "  src/test/java/LedgerTest.java");
                out.add(RED + "??" + RESET + " notes.md");
            }
        }
        return out;
    }

    private static String hash(Dice dice) {
        return String.format(Locale.ROOT, "%07x", dice.between(0, 0x0FFFFFFF));
    }
}
