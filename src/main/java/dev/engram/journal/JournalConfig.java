package dev.engram.journal;

import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code config/journal.json}: the owner's identity and Convey's settings. {@code convey.password} is the
 * reference's plaintext password (replaced by {@code password_hash} at the first successful login);
 * {@code trust_localhost} enables the localhost login bypass.
 */
public record JournalConfig(Identity identity, ConveySettings convey, Extra extra) {
    public static final JournalFormat FORMAT = new JournalFormat("journal.json", 1,
            "config/journal.json: identity{name, preferred, bio, pronouns, aliases, email_addresses, timezone}, convey{...}",
            false);
    private static final Set<String> KNOWN = Set.of("identity", "convey");

    public record ConveySettings(Optional<String> password, Optional<String> passwordHash, boolean trustLocalhost,
                                 Extra extra) {
        private static final Set<String> KNOWN = Set.of("password", "password_hash", "trust_localhost");
        public static final ConveySettings DEFAULT =
                new ConveySettings(Optional.empty(), Optional.empty(), false, Extra.empty());

        public ConveySettings {
            password = password == null ? Optional.empty() : password.filter(p -> !p.isEmpty());
            passwordHash = passwordHash == null ? Optional.empty() : passwordHash.filter(p -> !p.isEmpty());
            extra = extra == null ? Extra.empty() : extra;
        }

        /** Whether a password (hashed, or legacy plaintext) is set. */
        public boolean hasPassword() {
            return password.isPresent() || passwordHash.isPresent();
        }

        /** Stores a hash and drops any plaintext password. */
        public ConveySettings withPasswordHash(String hash) {
            return new ConveySettings(Optional.empty(), Optional.of(hash), trustLocalhost, extra);
        }

        public ConveySettings withTrustLocalhost(boolean trust) {
            return new ConveySettings(password, passwordHash, trust, extra);
        }

        static ConveySettings decode(ObjectNode o) {
            return new ConveySettings(Json.string(o, "password"), Json.string(o, "password_hash"),
                    Json.bool(o, "trust_localhost"), Extra.from(o, KNOWN));
        }

        ObjectNode encode() {
            ObjectNode o = Json.object();
            password.ifPresent(p -> o.put("password", p));
            passwordHash.ifPresent(p -> o.put("password_hash", p));
            if (trustLocalhost || extra.names().contains("trust_localhost")) {
                o.put("trust_localhost", trustLocalhost);
            }
            extra.writeTo(o);
            return o;
        }
    }

    public JournalConfig {
        identity = identity == null ? Identity.named("") : identity;
        convey = convey == null ? ConveySettings.DEFAULT : convey;
        extra = extra == null ? Extra.empty() : extra;
    }

    public JournalConfig withIdentity(Identity newIdentity) {
        return new JournalConfig(newIdentity, convey, extra);
    }

    public JournalConfig withConvey(ConveySettings newConvey) {
        return new JournalConfig(identity, newConvey, extra);
    }

    static JournalConfig decode(ObjectNode o) {
        return new JournalConfig(Identity.decode(Json.objectOrEmpty(o, "identity")),
                ConveySettings.decode(Json.objectOrEmpty(o, "convey")), Extra.from(o, KNOWN));
    }

    ObjectNode encode() {
        ObjectNode o = Json.object();
        o.set("identity", identity.encode());
        o.set("convey", convey.encode());
        extra.writeTo(o);
        return o;
    }
}
