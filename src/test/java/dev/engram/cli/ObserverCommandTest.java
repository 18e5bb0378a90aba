package dev.engram.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.callosum.Emitter;
import dev.engram.journal.Journal;
import dev.engram.observe.api.KeyCheck;
import dev.engram.observe.ingest.IngestService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** engram observer create|list|revoke on a real journal; a service already running sees each change at once. */
class ObserverCommandTest {
    @TempDir
    Path tmp;

    @Test
    void statusNamesTheSolstoneRecordsThatKeepAKeyInPlainTextAndObserverListShowsTheirObservers() throws Exception {
        Path root = tmp.resolve("j");
        Journal.create(root, "Owner");
        String key = "Lp0AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_ab";
        Path record = root.resolve("apps/remote/remotes/" + key.substring(0, 8) + ".json");
        Files.createDirectories(record.getParent());
        Files.writeString(record, "{\"key\": \"" + key + "\", \"name\": \"laptop\", \"enabled\": true}");
        Path cert = root.resolve("apps/observer/observers/0123abcd0123abcd.json");
        Files.createDirectories(cert.getParent());
        Files.writeString(cert, "{\"name\": \"paired\", \"fingerprint\": \"sha256:0123abcd0123abcd\"}");

        MainTest.Result status = MainTest.run("status", "--journal", root.toString());
        assertThat(status.code()).as(status.err()).isZero();
        assertThat(status.out()).contains("Observers: 1 solstone record(s) keep an observer's key in plain text",
                "  apps/remote/remotes/Lp0AbCdE.json").doesNotContain("0123abcd0123abcd", key);
        assertThat(Files.exists(root.resolve("apps/observers"))).as("status writes nothing").isFalse();
        MainTest.Result json = MainTest.run("status", "--json", "--journal", root.toString());
        assertThat(json.out()).contains("\"solstone_key_files\":[\"apps/remote/remotes/Lp0AbCdE.json\"]");

        MainTest.Result list = MainTest.run("observer", "list", "--journal", root.toString());
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out()).contains("Lp0AbCdE", "laptop").doesNotContain(key);
        assertThat(Files.readString(record)).contains(key); // solstone's file as it was
    }

    @Test
    void createPrintsTheKeyOnceListShowsOnlyThePrefixAndRevokeTakesEffectInARunningService() throws Exception {
        Path root = tmp.resolve("j");
        Journal journal = Journal.create(root, "Owner");
        IngestService running = new IngestService(journal, Emitter.none()); // as a running Engram holds it

        MainTest.Result created = MainTest.run("observer", "create", "laptop.tmux", "--journal", root.toString(),
                "--url", "http://engram.lan:5015/");
        String key = created(created);
        assertThat(created.out()).contains("http://engram.lan:5015/app/remote/ingest/" + key);
        assertThat(running.check(key).status()).isEqualTo(KeyCheck.Status.OK);

        MainTest.Result list = MainTest.run("observer", "list", "--journal", root.toString());
        assertThat(list.code()).isZero();
        assertThat(list.out()).contains(key.substring(0, 8), "laptop.tmux", "disconnected").doesNotContain(key);
        try (var files = Files.walk(root.resolve("apps/observers"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(f)).doesNotContain(key);
            }
        }

        // a prefix with more after it names no observer, unless it is the whole key
        MainTest.Result junk = MainTest.run("observer", "disable", key.substring(0, 8) + "JUNK", "--journal",
                root.toString());
        assertThat(junk.code()).as(junk.out()).isEqualTo(1);
        assertThat(running.check(key).status()).isEqualTo(KeyCheck.Status.OK);
        assertThat(MainTest.run("observer", "disable", key, "--journal", root.toString()).code()).isZero();
        assertThat(running.check(key).status()).isEqualTo(KeyCheck.Status.DISABLED);
        MainTest.Result twice = MainTest.run("observer", "disable", key.substring(0, 8), "--journal", root.toString());
        assertThat(twice.code()).isZero();
        assertThat(twice.out()).contains("was already disabled");
        assertThat(MainTest.run("observer", "enable", key.substring(0, 8), "--journal", root.toString()).code())
                .isZero();

        MainTest.Result revoked = MainTest.run("observer", "revoke", key.substring(0, 6), "--journal",
                root.toString());
        assertThat(revoked.code()).as(revoked.err()).isZero();
        assertThat(running.check(key).status()).isEqualTo(KeyCheck.Status.REVOKED);
        assertThat(MainTest.run("observer", "list", "--journal", root.toString()).out()).contains("revoked");

        // every change is in the action log, as the Observers app logs it, with the actor cli
        var logged = journal.actions().read(new dev.engram.journal.Day(java.time.LocalDate.now()));
        assertThat(logged).extracting(e -> e.action()).containsSubsequence("observer_create", "observer_disable",
                "observer_enable", "observer_revoke");
        assertThat(logged).extracting(e -> e.actor()).containsOnly("cli");
        assertThat(logged).filteredOn(e -> e.action().equals("observer_disable")).as("disabled twice, one action")
                .hasSize(1);
        assertThat(logged.toString()).doesNotContain(key);

        MainTest.Result unknown = MainTest.run("observer", "revoke", "zzzz", "--journal", root.toString());
        assertThat(unknown.code()).as("a failure, not a usage error").isEqualTo(1);
        assertThat(unknown.err().strip()).isEqualTo("engram: no single observer has the key prefix 'zzzz' (give 4 to 8"
                + " characters of it, or the whole key): see 'engram observer list'");
        assertThat(MainTest.run("observer", "create", "", "--journal", root.toString()).code()).isEqualTo(2);
        MainTest.Result badUrl = MainTest.run("observer", "create", "desk", "--url", "notaurl", "--journal",
                root.toString());
        assertThat(badUrl.code()).isEqualTo(2);
        assertThat(badUrl.err()).startsWith("engram observer create: invalid --url URL 'notaurl'");
        assertThat(badUrl.out()).isEmpty();
        MainTest.Result badPort = MainTest.run("observer", "create", "desk", "--url", "http://engram.lan:99999",
                "--journal", root.toString());
        assertThat(badPort.code()).isEqualTo(2);
        assertThat(badPort.err()).contains("invalid --url URL 'http://engram.lan:99999': port 99999 is out of range");
        assertThat(badPort.out()).isEmpty();
        assertThat(MainTest.run("observer", "list", "--journal", root.toString()).out()).doesNotContain("desk");

        // a second live observer of one name (without case) is refused; once the first is revoked, it is not
        String deskKey = created(MainTest.run("observer", "create", "desk", "--journal", root.toString()));
        MainTest.Result taken = MainTest.run("observer", "create", "Desk", "--journal", root.toString());
        assertThat(taken.code()).as("a failure, not a usage error").isEqualTo(1);
        assertThat(taken.err().strip()).isEqualTo("engram: an observer named 'desk' already exists"
                + " (key prefix " + deskKey.substring(0, 8) + "): revoke it first, or choose another name");
        assertThat(taken.out()).isEmpty();
        assertThat(MainTest.run("observer", "revoke", deskKey.substring(0, 8), "--journal", root.toString()).code())
                .isZero();
        assertThat(created(MainTest.run("observer", "create", "desk", "--journal", root.toString())))
                .isNotEqualTo(deskKey);
    }

    /** The key a successful {@code engram observer create} printed. */
    private static String created(MainTest.Result r) {
        assertThat(r.code()).as(r.err()).isZero();
        Matcher m = Pattern.compile("^  ([A-Za-z0-9_-]{43})$", Pattern.MULTILINE).matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        return m.group(1);
    }

    @Test
    void withoutUrlTheURLsAreTheRunningEngramsElseTheDefaultAndTheOutputSaysWhich() throws Exception {
        Path root = tmp.resolve("j4");
        Journal.create(root, "Owner");
        MainTest.Result none = MainTest.run("observer", "create", "a.tmux", "--journal", root.toString());
        assertThat(none.out()).contains("server http://127.0.0.1:5015,", "(http://127.0.0.1:5015 is the default"
                + " address; an observer on another machine needs --url");
        // what a running Engram writes (its web service's facts), fresh
        Files.createDirectories(root.resolve("health"));
        Files.writeString(root.resolve("health/engram.json"), "{\"running\": true, \"updated_ms\": "
                + System.currentTimeMillis() + ", \"interval_ms\": 5000, \"services\": {\"convey\": {\"status\":"
                + " \"up\", \"facts\": {\"url\": \"http://127.0.0.1:5511\"}}}}");
        MainTest.Result running = MainTest.run("observer", "create", "b.tmux", "--journal", root.toString());
        assertThat(running.out()).contains("server http://127.0.0.1:5511,", "/app/remote/ingest/",
                "(http://127.0.0.1:5511 is where the Engram running on this journal serves;");
        MainTest.Result given = MainTest.run("observer", "create", "c.tmux", "--url", "http://engram.lan:5015",
                "--journal", root.toString());
        assertThat(given.out()).contains("server http://engram.lan:5015,").doesNotContain("(http");
    }

    @Test
    void disableAndEnableTakeEffectInARunningServiceAndAreActionLogged() throws Exception {
        Path root = tmp.resolve("j2");
        Journal journal = Journal.create(root, "Owner");
        IngestService running = new IngestService(journal, Emitter.none());
        String key = running.create("vm.tmux").key();
        String prefix = key.substring(0, 8);
        MainTest.Result off = MainTest.run("observer", "disable", prefix, "--journal", root.toString());
        assertThat(off.code()).as(off.err()).isZero();
        assertThat(running.check(key).status()).isEqualTo(KeyCheck.Status.DISABLED);
        MainTest.Result on = MainTest.run("observer", "enable", prefix, "--journal", root.toString());
        assertThat(on.code()).as(on.err()).isZero();
        assertThat(running.check(key).status()).isEqualTo(KeyCheck.Status.OK);
        var logged = journal.actions().read(new dev.engram.journal.Day(java.time.LocalDate.now()));
        assertThat(logged).extracting(e -> e.action()).containsExactly("observer_disable", "observer_enable");
        assertThat(MainTest.run("observer", "enable", "zzzz", "--journal", root.toString()).code()).isEqualTo(1);
    }

    @Test
    void aRevokedObserverCannotBeEnabledOrDisabledAndNothingIsLogged() throws Exception {
        Path root = tmp.resolve("j3");
        Journal journal = Journal.create(root, "Owner");
        IngestService running = new IngestService(journal, Emitter.none());
        String key = running.create("old.tmux").key();
        String prefix = key.substring(0, 8);
        assertThat(MainTest.run("observer", "revoke", prefix, "--journal", root.toString()).code()).isZero();
        for (String verb : new String[] {"enable", "disable"}) {
            MainTest.Result r = MainTest.run("observer", verb, prefix, "--journal", root.toString());
            assertThat(r.code()).as(verb).isEqualTo(1);
            assertThat(r.err().strip()).as(verb).startsWith("engram: observer 'old.tmux'")
                    .contains("is revoked for good, so it cannot be " + verb + "d")
                    .doesNotContain("\n").doesNotContain("Exception");
            assertThat(r.out()).as(verb).isEmpty();
        }
        assertThat(running.check(key).status()).isEqualTo(KeyCheck.Status.REVOKED);
        var logged = journal.actions().read(new dev.engram.journal.Day(java.time.LocalDate.now()));
        assertThat(logged).extracting(e -> e.action()).containsExactly("observer_revoke");
    }
}
