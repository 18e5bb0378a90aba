package dev.engram.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Marks a test class that drives the shared chromium through {@link Browser}: it runs in the slow phase (tag
 * {@value #TAG}, after the fast tests have passed), and holds the {@value Browser#LOCK} resource lock so browser
 * classes run one after the other while the browser is theirs.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(UsesBrowser.TAG)
@ResourceLock(Browser.LOCK)
public @interface UsesBrowser {
    String TAG = "browser";
}
