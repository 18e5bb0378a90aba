package dev.engram.apps.settings;

import dev.engram.convey.ApiError;
import dev.engram.convey.ConveyException;
import dev.engram.convey.Passwords;
import dev.engram.journal.Journal;
import dev.engram.journal.JournalConfig;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Changes the Convey password: the current one must match (its salted hash, or a legacy plaintext one), the new one
 * must satisfy {@link Passwords#requireAcceptable}; it is stored hashed by {@link Passwords#set}, which ends every
 * login session (this one too: the page asks to log in again). The change is logged as {@code password_change} with
 * no secret in its params.
 */
final class PasswordApi {
    private final Journal journal;

    PasswordApi(Journal journal) {
        this.journal = journal;
    }

    Map<String, Object> change(ObjectNode body) {
        Fields.onlyKnown(body, Set.of("current", "new"));
        char[] current = secret(body, "current");
        char[] next = secret(body, "new");
        try {
            JournalConfig.ConveySettings settings = journal.config().convey();
            if (settings.hasPassword() && !Passwords.matches(current, settings)) {
                throw new ApiError(403, "wrong_password", "the current password is wrong");
            }
            try {
                Passwords.requireAcceptable(next);
            } catch (ConveyException e) {
                throw ApiError.badRequest("weak_password", e.getMessage());
            }
            Passwords.set(journal, next);
            ActionLog.log(journal, "password_change", Map.of());
            return Map.of("changed", true);
        } finally {
            Arrays.fill(current, '\0');
            Arrays.fill(next, '\0');
        }
    }

    private static char[] secret(ObjectNode body, String name) {
        JsonNode n = body.get(name);
        if (n == null || !n.isString()) {
            throw ApiError.badRequest("invalid_field", "'" + name + "' must be given as a string");
        }
        return Fields.wellFormed(name, n.stringValue()).toCharArray();
    }
}
