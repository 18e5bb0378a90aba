package dev.engram.convey;

import dev.engram.journal.ActionLogEntry;
import dev.engram.journal.Day;
import dev.engram.journal.Extra;
import dev.engram.journal.Identity;
import dev.engram.journal.Journal;
import dev.engram.journal.JournalConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.SameSite;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /login}, {@code /logout} and the first-run {@code /setup}, all {@link Access#PUBLIC}. Setup keeps the
 * journal's {@code identity.name} unless the owner changed it, and logs {@code setup_complete} with
 * {@code password_set} and the changed fields.
 */
final class AuthRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(AuthRoutes.class);
    private final Journal journal;
    private final ConfigCache config;
    private final Sessions sessions;
    private final LoginLimiter limiter;
    private final Templates templates;

    AuthRoutes(Journal journal, ConfigCache config, Sessions sessions, LoginLimiter limiter, Templates templates) {
        this.journal = journal;
        this.config = config;
        this.sessions = sessions;
        this.limiter = limiter;
        this.templates = templates;
    }

    /** All public: they are how a visitor gets a session (state-changing ones still need the CSRF token). */
    void register(RoutesConfig r) {
        r.get("/login", ctx -> {
            if (!config.convey().hasPassword()) {
                ctx.redirect("/setup");
                return;
            }
            loginPage(ctx, 200, "");
        }, Access.PUBLIC);
        r.post("/login", this::login, Access.PUBLIC);
        r.post("/logout", ctx -> {
            sessions.remove(Requests.cookie(ctx, Guard.SESSION_COOKIE));
            Requests.setCookie(ctx, Guard.SESSION_COOKIE, "", true, SameSite.LAX, 0);
            ctx.redirect("/login");
        }, Access.PUBLIC);
        r.get("/setup", ctx -> {
            if (config.convey().hasPassword()) {
                ctx.redirect("/login");
                return;
            }
            setupPage(ctx, 200, "", config.get().identity().name());
        }, Access.PUBLIC);
        r.post("/setup", this::setup, Access.PUBLIC);
    }

    /** The login and setup forms are urlencoded; anything else (multipart included) is not parsed: 415. */
    private static void requireUrlencoded(Context ctx) {
        if (!Requests.isUrlencodedForm(ctx)) {
            throw new ApiError(415, "unsupported_media_type",
                    "send the form as application/x-www-form-urlencoded");
        }
    }

    private void login(Context ctx) {
        requireUrlencoded(ctx);
        String client = Requests.client(ctx);
        String key = limiter.key(client, Requests.cookie(ctx, Guard.CSRF_COOKIE).orElse(""));
        JournalConfig.ConveySettings settings = config.convey();
        if (!settings.hasPassword()) {
            throw new ApiError(409, "setup_required", "no password is set yet: open /setup or run 'engram password'");
        }
        long wait = limiter.tryAcquire(key);
        if (wait > 0) {
            ctx.header("Retry-After", Long.toString(wait));
            if (Requests.wantsJson(ctx)) {
                throw new ApiError(429, "rate_limited", "too many failed logins: try again in " + wait + " s");
            }
            loginPage(ctx, 429, "Too many failed attempts: try again in " + wait + " s.");
            return;
        }
        char[] given = Optional.ofNullable(ctx.formParam("password")).orElse("").toCharArray();
        if (!Passwords.matches(given, settings)) {
            LOG.info("failed login from {}", client);
            if (Requests.wantsJson(ctx)) {
                throw new ApiError(401, "wrong_password", "wrong password");
            }
            loginPage(ctx, 401, "Wrong password.");
            return;
        }
        limiter.succeeded(key);
        if (Passwords.needsRehash(settings)) {
            rehash(given, Passwords.fingerprint(settings));
        }
        startSession(ctx);
        ctx.redirect(Requests.safeNext(ctx.formParam("next")));
    }

    /**
     * Stores a new hash of the password just verified, unless the stored password changed meanwhile (a password change
     * between the check and this write must win: the rehash compares the fingerprint inside the config update).
     */
    private void rehash(char[] verified, String verifiedFingerprint) {
        String hash = Passwords.hash(verified);
        AtomicBoolean replaced = new AtomicBoolean();
        journal.updateConfig(c -> {
            replaced.set(false);
            if (!Passwords.fingerprint(c.convey()).equals(verifiedFingerprint)) {
                return c;
            }
            replaced.set(true);
            return c.withConvey(c.convey().withPasswordHash(hash));
        });
        if (replaced.get()) {
            LOG.info("replaced the stored password with a hash of {} PBKDF2 iterations", Passwords.iterations());
        } else {
            LOG.info("kept the stored password: it changed while the login was checked");
        }
    }

    private void setup(Context ctx) {
        requireUrlencoded(ctx);
        if (!Requests.isLocal(ctx)) {
            throw new ApiError(403, "setup_local_only",
                    "set the password on this computer (http://localhost) or with 'engram password'");
        }
        String name = Optional.ofNullable(ctx.formParam("name")).orElse("").strip();
        String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
        String confirm = Optional.ofNullable(ctx.formParam("confirm")).orElse("");
        String problem = name.isEmpty() ? "Please enter your name."
                : name.length() > 200 ? "That name is too long."
                : password.length() < Passwords.MIN_LENGTH ? "The password needs at least " + Passwords.MIN_LENGTH + " characters."
                : !password.equals(confirm) ? "The passwords do not match." : "";
        if (!problem.isEmpty()) {
            setupPage(ctx, 400, problem, name);
            return;
        }
        String hash = Passwords.hash(password.toCharArray());
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Extra> changed = new AtomicReference<>(Extra.empty().with("password_set", true));
        journal.updateConfig(c -> {
            if (c.convey().hasPassword()) {
                return c;
            }
            done.set(true);
            Identity i = c.identity();
            if (i.name().equals(name)) {
                return c.withConvey(c.convey().withPasswordHash(hash));
            }
            changed.set(changed.get().with("name", name));
            Identity named = new Identity(name, i.preferred(), i.bio(), i.pronouns(), i.aliases(), i.emailAddresses(),
                    i.timezone(), i.extra());
            return c.withIdentity(named).withConvey(c.convey().withPasswordHash(hash));
        });
        if (!done.get()) {
            throw new ApiError(409, "already_set_up", "a password is already set: log in instead");
        }
        journal.actions().log(new Day(java.time.LocalDate.now()), ActionLogEntry.byApp("convey", "setup_complete",
                changed.get(), OffsetDateTime.now()));
        startSession(ctx);
        ctx.redirect("/");
    }

    private void startSession(Context ctx) {
        String id = sessions.create(Passwords.fingerprint(journal.config().convey()));
        Requests.setCookie(ctx, Guard.SESSION_COOKIE, id, true, SameSite.LAX, Sessions.IDLE.toSeconds());
    }

    private void loginPage(Context ctx, int status, String error) {
        Map<String, Object> p = new HashMap<>();
        p.put("csrf", Guard.csrf(ctx));
        p.put("error", error);
        p.put("next", Requests.safeNext(ctx.queryParam("next") != null ? ctx.queryParam("next") : ctx.formParam("next")));
        templates.html(ctx, status, "login.jte", p);
    }

    private void setupPage(Context ctx, int status, String error, String name) {
        Map<String, Object> p = new HashMap<>();
        p.put("csrf", Guard.csrf(ctx));
        p.put("error", error);
        p.put("name", name);
        p.put("local", Requests.isLocal(ctx));
        templates.html(ctx, status, "setup.jte", p);
    }
}
