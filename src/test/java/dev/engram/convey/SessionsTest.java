package dev.engram.convey;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionsTest {
    @Test
    void aSessionLivesWhileUsedAndEndsAfter30IdleDays() {
        MovableClock clock = new MovableClock();
        Sessions s = new Sessions(10, clock);
        String id = s.create("pw1");
        clock.now = clock.now.plus(Duration.ofDays(29));
        assertThat(s.touch(Optional.of(id), "pw1")).isTrue();
        clock.now = clock.now.plus(Duration.ofDays(29));
        assertThat(s.touch(Optional.of(id), "pw1")).isTrue();
        clock.now = clock.now.plus(Duration.ofDays(31));
        assertThat(s.touch(Optional.of(id), "pw1")).isFalse();
        assertThat(s.size()).isZero();
    }

    @Test
    void changingThePasswordEndsEverySession() {
        Sessions s = new Sessions(10, new MovableClock());
        String a = s.create("pw1");
        String b = s.create("pw1");
        assertThat(s.touch(Optional.of(a), "pw2")).isFalse();
        assertThat(s.touch(Optional.of(a), "pw1")).as("forgotten, not just refused once").isFalse();
        assertThat(s.touch(Optional.of(b), "pw2")).isFalse();
        assertThat(s.size()).isZero();
    }

    @Test
    void unknownMalformedAndRemovedIdsAreRefusedAndTheCapEvictsTheLeastRecentlyUsed() {
        MovableClock clock = new MovableClock();
        Sessions s = new Sessions(2, clock);
        assertThat(s.touch(Optional.empty(), "pw")).isFalse();
        assertThat(s.touch(Optional.of("not a token"), "pw")).isFalse();
        assertThat(s.touch(Optional.of(Tokens.random()), "pw")).isFalse();
        String first = s.create("pw");
        clock.now = clock.now.plusSeconds(1);
        String second = s.create("pw");
        clock.now = clock.now.plusSeconds(1);
        s.touch(Optional.of(first), "pw");
        clock.now = clock.now.plusSeconds(1);
        String third = s.create("pw");
        assertThat(s.touch(Optional.of(second), "pw")).isFalse();
        assertThat(s.touch(Optional.of(first), "pw")).isTrue();
        assertThat(s.touch(Optional.of(third), "pw")).isTrue();
        s.remove(Optional.of(third));
        assertThat(s.touch(Optional.of(third), "pw")).isFalse();
    }

    @Test
    void theFingerprintFollowsTheStoredPassword() {
        var none = dev.engram.journal.JournalConfig.ConveySettings.DEFAULT;
        assertThat(Passwords.fingerprint(none)).isEmpty();
        var one = none.withPasswordHash(Passwords.hash("first password".toCharArray()));
        var two = none.withPasswordHash(Passwords.hash("first password".toCharArray()));
        assertThat(Passwords.fingerprint(one)).isNotEmpty().isNotEqualTo(Passwords.fingerprint(two));
        assertThat(Passwords.fingerprint(one)).isEqualTo(Passwords.fingerprint(one));
    }

    @Test
    void theTestsReadyMadeHashesAreCurrentHashesOfTheirPasswords() {
        var none = dev.engram.journal.JournalConfig.ConveySettings.DEFAULT;
        assertThat(Passwords.verify(ConveyFixture.PASSWORD.toCharArray(), TestPasswords.CORRECT_HORSE)).isTrue();
        assertThat(Passwords.verify("apps test password".toCharArray(), TestPasswords.APPS_TEST)).isTrue();
        // false only in the pom's test forks, which lower the work factor (a login would otherwise rehash them)
        assertThat(Passwords.needsRehash(none.withPasswordHash(TestPasswords.CORRECT_HORSE)))
                .as("ENGRAM_PASSWORD_ITERATIONS=1000, as the pom's surefire set-up has it").isFalse();
        assertThat(Passwords.needsRehash(none.withPasswordHash(TestPasswords.APPS_TEST))).isFalse();
    }
}
