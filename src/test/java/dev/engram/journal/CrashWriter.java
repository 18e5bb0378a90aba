package dev.engram.journal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;

/**
 * The child process of {@link CrashTest}: writes through the journal API in a loop until it is killed.
 * {@code atomic} mode rewrites {@code apps/crash/t0..t2.json} with growing and shrinking content; {@code append}
 * mode appends action-log lines of varying size. Every record carries its payload's SHA-256 so a reader can tell a
 * complete version from a torn one.
 */
public final class CrashWriter {
    static final String APP = "crash";
    static final int FILES = 3;
    static final Day DAY = Day.of(2024, 6, 1);

    private CrashWriter() {
    }

    public static void main(String[] args) throws Exception {
        Journal journal = Journal.open(Path.of(args[0]));
        if (args[1].equals("big")) {
            // Whole-file writes of 32 MiB, so the parent can kill the writer while a temp file exists.
            String big = "x".repeat(32 << 20);
            System.out.println("started");
            System.out.flush();
            while (true) {
                journal.writeAppFile(APP, big, "big.txt");
            }
        }
        boolean append = args[1].equals("append");
        long seq = Long.parseLong(args[2]);
        Random random = new Random(seq);
        System.out.println("started");
        System.out.flush();
        boolean reported = false;
        while (true) {
            if (seq % 1_000_000 == 1 && !reported) {
                System.out.println("wrote"); // the first record is complete; the parent may now kill at any moment
                System.out.flush();
                reported = true;
            }
            seq++;
            if (append) {
                String payload = payload(random, seq, random.nextInt(64 * 1024));
                journal.actions().log(DAY, new ActionLogEntry("2024-06-01T00:00:00+00:00", "tool", "crash",
                        "crash_append", Extra.empty().with("seq", seq).with("payload", payload)
                        .with("sha", sha256(payload)), Optional.empty(), Optional.empty(), Extra.empty()));
            } else {
                for (int i = 0; i < FILES; i++) {
                    // Sizes swing between tiny and ~1 MiB so a kill can land in any phase of a write.
                    int len = (int) ((seq * 7919 + i * 104_729) % 1_000_000) / (random.nextBoolean() ? 1 : 97);
                    String payload = payload(random, seq, len);
                    String json = "{\"seq\":" + seq + ",\"file\":\"t" + i + ".json\",\"len\":" + len + ",\"sha\":\""
                            + sha256(payload) + "\",\"payload\":\"" + payload + "\"}\n";
                    journal.writeAppFile(APP, json, "t" + i + ".json");
                }
            }
        }
    }

    static String payload(Random random, long seq, int len) {
        char[] c = new char[len];
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        for (int i = 0; i < len; i++) {
            c[i] = alphabet.charAt((int) ((random.nextInt(alphabet.length()) + seq) % alphabet.length()));
        }
        return new String(c);
    }

    static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
